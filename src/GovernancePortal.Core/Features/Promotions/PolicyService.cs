using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>
/// Promotion policies: the highest version per (risk tier, stage) is in force. Admins edit them as YAML; every save
/// is a new immutable version in the audit chain. A fresh install loads the defaults shipped in docs/policies/.
/// </summary>
public sealed class PolicyService(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time)
{
    public sealed record PolicyRow(Guid Id, RiskTier RiskTier, Stage TargetStage, int Version, string Name, string CreatedBy, DateTime CreatedAt, string ChangeNote);

    public async Task<PromotionPolicy?> CurrentAsync(GovernanceDbContext db, RiskTier tier, Stage stage, CancellationToken ct = default) =>
        await InForce(db).FirstOrDefaultAsync(p => p.RiskTier == tier && p.TargetStage == stage, ct);

    /// <summary>
    /// The policies in force for every (tier, stage) pair of <paramref name="tiers"/> × <paramref name="stages"/>, in one
    /// statement (a page judging evidence against several policies asked once per pair before, ADR 0070).
    /// </summary>
    public async Task<IReadOnlyList<PromotionPolicy>> InForceAsync(GovernanceDbContext db, IReadOnlyCollection<RiskTier> tiers,
        IReadOnlyCollection<Stage> stages, CancellationToken ct = default) =>
        await InForce(db).Where(p => tiers.Contains(p.RiskTier) && stages.Contains(p.TargetStage)).ToListAsync(ct);

    /// <summary>The one owner of "the highest version per (tier, stage) is in force", as a query: no newer version of it exists.</summary>
    private static IQueryable<PromotionPolicy> InForce(GovernanceDbContext db)
    {
        var all = db.Set<PromotionPolicy>().AsNoTracking();
        return all.Where(p => !all.Any(n => n.RiskTier == p.RiskTier && n.TargetStage == p.TargetStage && n.Version > p.Version));
    }

    /// <summary>The policies in force, one per (tier, stage).</summary>
    public async Task<IReadOnlyList<PolicyRow>> CurrentAllAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await InForce(db).ToListAsync(ct);
        return current.OrderByDescending(p => p.RiskTier).ThenByDescending(p => p.TargetStage).Select(ToRow).ToList();
    }

    public async Task<IReadOnlyList<PolicyRow>> HistoryAsync(RiskTier tier, Stage stage, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<PromotionPolicy>().AsNoTracking().Where(p => p.RiskTier == tier && p.TargetStage == stage)
            .OrderByDescending(p => p.Version).ToListAsync(ct);
        return rows.Select(ToRow).ToList();
    }

    public async Task<PromotionPolicy?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<PromotionPolicy>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    /// <summary>
    /// Saves <paramref name="yaml"/> as the next version of the policy it names (tier and stage come from the text).
    /// Invalid YAML changes nothing; an unchanged policy is not versioned again.
    /// </summary>
    /// <summary>
    /// Everyone signed in reads the policies (reviewers judge against them, requesters prepare for them); only
    /// administrators change them. Pages ask this to decide what to offer; <see cref="SaveAsync"/> and
    /// <see cref="ImportAsync"/> enforce it whatever the page offered.
    /// </summary>
    public static bool CanEdit(Caller caller) => caller.Satisfies(Policies.Admin);

    public async Task<Result<PromotionPolicy>> SaveAsync(Caller caller, string yaml, string changeNote, CancellationToken ct = default)
    {
        if (!CanEdit(caller)) return new Error.Forbidden("Only administrators edit promotion policies.");
        var parsed = PolicyYaml.Parse(yaml);
        if (!parsed.Succeeded) return parsed.Error!;
        var definition = parsed.Value!;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var current = await CurrentAsync(db, definition.RiskTier, definition.Stage, ct);
        if (current is not null && current.Yaml.Trim() == yaml.Trim()) return current;
        var policy = new PromotionPolicy
        {
            RiskTier = definition.RiskTier,
            TargetStage = definition.Stage,
            Version = (current?.Version ?? 0) + 1,
            Yaml = yaml.Trim() + "\n",
            CreatedBy = caller.Actor.Name,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ChangeNote = changeNote.Trim(),
        };
        db.Add(policy);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            return new Error.Conflict("Another change to this policy was saved at the same moment. Reload and apply your edit again.");
        }
        return policy;
    }

    /// <summary>Imports several YAML documents (separated by <c>---</c>): all are validated before any is saved.</summary>
    public async Task<Result<int>> ImportAsync(Caller caller, string yaml, CancellationToken ct = default)
    {
        if (!CanEdit(caller)) return new Error.Forbidden("Only administrators import promotion policies.");
        var documents = SplitDocuments(yaml);
        if (documents.Count == 0) return new Error.Validation(new Dictionary<string, string> { ["yaml"] = "The file holds no policy." });
        var errors = new Dictionary<string, string>();
        foreach (var (doc, i) in documents.Select((d, i) => (d, i)))
            if (PolicyYaml.Parse(doc).Error is Error.Validation v)
                foreach (var (k, m) in v.Fields) errors[$"document {i + 1}: {k}"] = m;
        if (errors.Count > 0) return new Error.Validation(errors);

        var saved = 0;
        foreach (var doc in documents)
        {
            var result = await SaveAsync(caller, doc, "Imported from YAML", ct);
            if (!result.Succeeded) return result.Error!;
            saved++;
        }
        return saved;
    }

    /// <summary>All policies in force as one multi-document YAML file, ready for a repository.</summary>
    public async Task<string> ExportAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = (await InForce(db).ToListAsync(ct)).OrderByDescending(p => p.RiskTier).ThenByDescending(p => p.TargetStage);
        return string.Join("---\n", current.Select(p => p.Yaml.TrimEnd() + "\n"));
    }

    /// <summary>Loads the shipped defaults for any (tier, stage) that has no policy yet. Runs at every start; idempotent.</summary>
    public async Task EnsureDefaultsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Set<PromotionPolicy>().Select(p => new { p.RiskTier, p.TargetStage }).Distinct().ToListAsync(ct);
        var system = Caller.System("default-policies");
        foreach (var yaml in Defaults())
        {
            var definition = PolicyYaml.Parse(yaml).Value ?? throw new InvalidOperationException("A shipped default policy is invalid.");
            if (existing.Any(e => e.RiskTier == definition.RiskTier && e.TargetStage == definition.Stage)) continue;
            var result = await SaveAsync(system, yaml, "Default policy shipped with the portal", ct);
            if (!result.Succeeded) throw new InvalidOperationException($"Cannot load default policy: {result.Error!.Message}");
        }
    }

    public static IEnumerable<string> Defaults()
    {
        var assembly = typeof(PolicyService).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("GovernancePortal.Core.Policies.", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return reader.ReadToEnd();
        }
    }

    internal static List<string> SplitDocuments(string yaml) =>
        System.Text.RegularExpressions.Regex.Split(yaml ?? "", @"^---\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(d => d.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))).ToList();

    private static PolicyRow ToRow(PromotionPolicy p) =>
        new(p.Id, p.RiskTier, p.TargetStage, p.Version, PolicyYaml.Parse(p.Yaml).Value?.Name ?? "(invalid)", p.CreatedBy, p.CreatedAt, p.ChangeNote);
}
