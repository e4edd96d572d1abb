using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions.Gates;

/// <summary>The outcome of every gate for one (version, use, stage), and the decision hash approvals bind to.</summary>
public sealed record GateReport(PromotionPolicy? Policy, PolicyDefinition? Definition, IReadOnlyList<GateCheckResult> Checks, DecisionInputs Inputs)
{
    public bool AllPassed => Definition is not null && Checks.Count > 0 && Checks.All(c => c.Passed);
    public string DecisionHash { get; } = Inputs.Hash();
    public IEnumerable<GateCheckResult> Failing => Checks.Where(c => !c.Passed);
}

/// <summary>Loads the register facts once and runs every registered <see cref="IGateCheck"/>.</summary>
public sealed class GateEvaluator(IEnumerable<IGateCheck> checks, PolicyService policies, TimeProvider time)
{
    public async Task<GateReport> EvaluateAsync(GovernanceDbContext db, Guid modelVersionId, Guid aiSystemId, Stage stage, CancellationToken ct = default)
    {
        var version = await db.ModelVersions.AsNoTracking().Include(v => v.Model).FirstAsync(v => v.Id == modelVersionId, ct);
        var use = await db.AiSystems.AsNoTracking().FirstAsync(s => s.Id == aiSystemId, ct);
        return await EvaluateAsync(db, version, use, stage, ct);
    }

    /// <summary>
    /// The same gates for a version (with its <see cref="ModelVersion.Model"/>) and use the caller already read, e.g. with
    /// the request they belong to: two statements fewer, each a round trip on PostgreSQL (ADR 0075).
    /// </summary>
    public async Task<GateReport> EvaluateAsync(GovernanceDbContext db, ModelVersion version, AiSystem use, Stage stage, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version.Model);
        var policy = await policies.CurrentAsync(db, use.RiskTier, stage, ct);
        if (policy is null)
        {
            var reason = use.RiskTier == RiskTier.Prohibited
                ? $"{use.Name} is a prohibited use: nothing can be promoted into it."
                : $"No policy covers {use.RiskTier} risk → {stage}; promotions are denied until an Admin adds one.";
            return new GateReport(null, null, [new("Policy", "Policy in force", CheckStatus.Missing, reason, [])],
                new DecisionInputs(version.Sha256, "none", [], Subject(version.Id, use.Key, stage)));
        }

        if (PolicyYaml.Parse(policy.Yaml).Value is not { } definition)
            return new GateReport(policy, null, [new("Policy", "Policy in force", CheckStatus.Failed,
                    $"The stored {use.RiskTier} → {stage} policy v{policy.Version} no longer parses; an Admin must save a valid version.", [])],
                new DecisionInputs(version.Sha256, $"{policy.Id}", [], Subject(version.Id, use.Key, stage)));
        var evaluations = await db.Evaluations.AsNoTracking().Include(e => e.Upload).Where(e => e.ModelVersionId == version.Id).ToListAsync(ct);
        // The producing runs through their edges in one statement (a join), not the edges' ids and then the runs.
        var runs = await db.LineageEdges.AsNoTracking()
            .Where(e => e.ToId == version.Id && e.Kind == EdgeKind.Produced && e.FromType == NodeType.TrainingRun)
            .Join(db.TrainingRuns, e => e.FromId, r => r.Id, (e, r) => new { r.Id, r.JobName }).Distinct().ToListAsync(ct);
        // Findings about the version itself and about its evaluations (e.g. an evaluation of a changed digest).
        var evaluationIds = evaluations.Select(e => e.Id).ToList();
        var findings = await db.Set<Finding>().AsNoTracking()
            .Where(f => f.ResolvedAt == null && (f.EntityId == version.Id || evaluationIds.Contains(f.EntityId))).ToListAsync(ct);

        var context = new GateContext(version, version.Model!.Name, use, stage, definition, evaluations,
            runs.Select(r => (r.Id, r.JobName)).ToList(), findings, time.GetUtcNow().UtcDateTime);
        var results = new List<GateCheckResult>();
        foreach (var check in checks) results.AddRange(await check.EvaluateAsync(context, ct));

        var evidence = results.SelectMany(r => r.Evidence).DistinctBy(e => e.Binding)
            .OrderBy(e => e.Binding, StringComparer.Ordinal).Select(e => new DecisionEvidence(e.Binding, e.Label)).ToList();
        return new GateReport(policy, definition, results,
            new DecisionInputs(version.Sha256, $"{policy.RiskTier}/{policy.TargetStage} v{policy.Version} ({policy.Id})", evidence, Subject(version.Id, use.Key, stage)));
    }

    /// <summary>What the request is about: the same facts for another use or stage must not give the same hash.</summary>
    private static string Subject(Guid versionId, string useKey, Stage stage) => $"{versionId}|{useKey}|{stage}";
}
