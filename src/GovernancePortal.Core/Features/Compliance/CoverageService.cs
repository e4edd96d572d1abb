using System.Text;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Evidence;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Compliance;

public enum CoverageStatus { Satisfied, Partial, Missing }

/// <summary>One piece of evidence for a control: met or not, what was found or what is missing, and where to look.</summary>
public sealed record EvidenceCheck(string Key, string Description, bool Met, string Detail, string? Link);

public sealed record ControlCoverage(Control Control, CoverageStatus Status, IReadOnlyList<EvidenceCheck> Evidence);

/// <summary>The coverage of one AI system (through the model version it runs) against the catalogue in force.</summary>
/// <param name="Gates">The gate report the matrix judged on (for <see cref="GatesTarget"/>), so that callers needing the same gates do not evaluate them again.</param>
public sealed record CoverageMatrix(
    string AiSystemKey, string AiSystemName, RiskTier RiskTier, Guid? ModelVersionId, string? ModelVersion, Stage? Stage,
    string CatalogueName, int CatalogueVersion, IReadOnlyList<ControlCoverage> Rows, DateTime ComputedAt,
    GateReport? Gates = null, Stage? GatesTarget = null)
{
    public int Count(CoverageStatus s) => Rows.Count(r => r.Status == s);

    /// <summary>A use running a version in Production while some control is not satisfied (the compliance page's and dashboard's list).</summary>
    public bool IsProductionGap => Stage == Domain.Stage.Production && Rows.Any(r => r.Status != CoverageStatus.Satisfied);

    /// <summary>Which catalogue judged this, in words: version 0 is the shipped default nobody has saved yet.</summary>
    public string CatalogueLabel => CatalogueVersion == 0 ? $"{CatalogueName} (shipped defaults)" : $"{CatalogueName}, version {CatalogueVersion}";
}

/// <summary>
/// Owns the control catalogue (versioned YAML, defaults from docs/compliance/) and the meaning of every evidence key:
/// the coverage matrix, the compliance section of evidence packs and the dashboard all come from here.
/// </summary>
public sealed class CoverageService(
    IDbContextFactory<GovernanceDbContext> dbFactory, GateEvaluator gates, IPublishedCards cards, AuditChainVerifier chain,
    ReleaseDecisionService releases, TimeProvider time)
{
    public async Task<(int Version, string Yaml, ControlCatalogue Catalogue)> CatalogueAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<ControlCatalogueVersion>().AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        var yaml = row?.Yaml ?? ControlCatalogueYaml.Default();
        var parsed = ControlCatalogueYaml.Parse(yaml);
        return (row?.Version ?? 0, yaml, parsed.Value ?? ControlCatalogueYaml.Parse(ControlCatalogueYaml.Default()).Value!);
    }

    /// <summary>Saves a new catalogue version (Admin). Invalid YAML changes nothing and says why.</summary>
    public async Task<Result<int>> SaveCatalogueAsync(Caller caller, string yaml, string changeNote, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "edit the control catalogue") is { } denied) return denied;
        var parsed = ControlCatalogueYaml.Parse(yaml);
        if (!parsed.Succeeded) return parsed.Error!;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var next = (await db.Set<ControlCatalogueVersion>().MaxAsync(v => (int?)v.Version, ct) ?? 0) + 1;
        db.Add(new ControlCatalogueVersion
        {
            Version = next, Yaml = yaml, CreatedBy = caller.Actor.Name, CreatedAt = time.GetUtcNow().UtcDateTime,
            ChangeNote = string.IsNullOrWhiteSpace(changeNote) ? "edited" : changeNote.Trim(),
        });
        await db.SaveChangesAsync(ct);
        return next;
    }

    public async Task<Result<IReadOnlyList<CoverageMatrix>>> AllAsync(Caller caller, CancellationToken ct = default)
    {
        if (EvidenceAccess.Deny(caller, "read compliance coverage") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.AiSystems.AsNoTracking().OrderBy(s => s.Name).Select(s => s.Key).ToListAsync(ct);
        var audit = await chain.VerifyAsync(ct: ct);
        var list = new List<CoverageMatrix>();
        foreach (var key in keys) list.Add((await ComputeAsync(key, null, audit, ct))!);
        return list;
    }

    public async Task<Result<CoverageMatrix>> MatrixAsync(Caller caller, string aiSystemKey, CancellationToken ct = default)
    {
        if (EvidenceAccess.Deny(caller, "read compliance coverage") is { } denied) return denied;
        var matrix = await ComputeAsync(aiSystemKey, null, null, ct);
        return matrix is null ? new Error.NotFound($"AI system '{aiSystemKey}'") : matrix;
    }

    /// <summary>
    /// The matrix for one AI system, judged on <paramref name="versionId"/> or else the version it runs (Production,
    /// else Staging, else the latest one requested for it). Callers authorize first.
    /// </summary>
    internal async Task<CoverageMatrix?> ComputeAsync(string aiSystemKey, Guid? versionId, AuditVerification? audit, CancellationToken ct)
    {
        var (catalogueVersion, _, catalogue) = await CatalogueAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var system = await db.AiSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Key == aiSystemKey, ct);
        if (system is null) return null;
        var stages = await db.ModelVersionStages.AsNoTracking().Where(s => s.AiSystemId == system.Id).ToListAsync(ct);
        versionId ??= stages.FirstOrDefault(s => s.Stage == Stage.Production)?.ModelVersionId
            ?? stages.FirstOrDefault(s => s.Stage == Stage.Staging)?.ModelVersionId
            ?? await db.PromotionRequests.AsNoTracking().Where(r => r.AiSystemId == system.Id).OrderByDescending(r => r.CreatedAt)
                .Select(r => (Guid?)r.ModelVersionId).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        audit ??= await chain.VerifyAsync(ct: ct);
        if (versionId is not { } vid)
        {
            var none = catalogue.Controls.Select(c => new ControlCoverage(c, CoverageStatus.Missing,
                c.Evidence.Select(e => new EvidenceCheck(e, EvidenceKeys.Describe(e), false, "No model version runs or was proposed for this AI system.", null)).ToList())).ToList();
            return new CoverageMatrix(system.Key, system.Name, system.RiskTier, null, null, null, catalogue.Name, catalogueVersion, none, now);
        }

        var version = await db.ModelVersions.AsNoTracking().Include(v => v.Model).FirstAsync(v => v.Id == vid, ct);
        var stage = stages.FirstOrDefault(s => s.ModelVersionId == vid)?.Stage;
        var targetStage = stage is Stage.Staging or Stage.Development ? Stage.Staging : Stage.Production;
        var report = await gates.EvaluateAsync(db, vid, system.Id, targetStage, ct);
        var card = await cards.LatestPublishedAsync(vid, ct);
        var evaluations = await db.Evaluations.AsNoTracking().Where(e => e.ModelVersionId == vid).ToListAsync(ct);
        var approved = await db.PromotionRequests.AsNoTracking().Include(r => r.Approvals)
            .Where(r => r.ModelVersionId == vid && r.AiSystemId == system.Id && r.Status == PromotionStatus.Approved)
            .OrderByDescending(r => r.ClosedAt).FirstOrDefaultAsync(ct);
        var findings = await EvidenceFindings.OpenOnAsync(db, [vid], ct);
        var release = approved is null ? null
            : (await releases.DecideAsync(version.Model!.Name, version.Version, system.Key, approved.TargetStage, ct: ct)).Value;
        var versionLink = $"/model-versions/{vid}";

        EvidenceCheck Judge(string key)
        {
            var d = EvidenceKeys.Describe(key);
            if (key.StartsWith(EvidenceKeys.CardPrefix, StringComparison.Ordinal))
            {
                var section = key[EvidenceKeys.CardPrefix.Length..];
                return card is null ? new(key, d, false, "No AI Card revision is published.", $"{versionLink}/card")
                    : card.CompletedSections.Contains(section) ? new(key, d, true, $"Published in revision {card.Revision}.", $"{versionLink}/card")
                    : new(key, d, false, $"Section \"{CardSectionInfo.Title(section)}\" is empty in published revision {card.Revision}.", $"{versionLink}/card/edit");
            }
            switch (key)
            {
                case "performance-evaluation": return Evaluation(key, d, EvaluationKind.Performance);
                case "robustness-evaluation": return Evaluation(key, d, EvaluationKind.Robustness);
                case "adversarial-evaluation": return Evaluation(key, d, EvaluationKind.Adversarial);
                case "bias-evaluation": return Evaluation(key, d, EvaluationKind.Bias);
                case "security-scan": return Evaluation(key, d, EvaluationKind.SecurityScan);
                case "provenance":
                    var p = report.Checks.FirstOrDefault(c => c.Check == "Provenance");
                    return p is null ? new(key, d, false, "The provenance gate did not run (no policy in force).", versionLink)
                        : new(key, d, p.Passed, p.Reason, $"/lineage/ModelVersion/{vid}");
                case "card-published":
                    return card is null ? new(key, d, false, "No AI Card revision has been submitted.", $"{versionLink}/card")
                        : new(key, d, true, $"Revision {card.Revision} published {card.PublishedAt:yyyy-MM-dd}.", $"{versionLink}/card");
                case "policy-in-force":
                    return report.Policy is { } pol ? new(key, d, true, $"{pol.RiskTier} → {pol.TargetStage} policy v{pol.Version}.", "/admin/policies")
                        : new(key, d, false, report.Checks.FirstOrDefault()?.Reason ?? "No policy.", "/admin/policies");
                case "approvals-complete":
                    return approved is null ? new(key, d, false, "No approved promotion of this version for this use.", versionLink)
                        : new(key, d, true, $"Approved {approved.ClosedAt:yyyy-MM-dd} by {string.Join(", ", approved.Approvals.Where(a => a.IsValid).Select(a => $"{a.Role}: {a.ReviewerName}"))}.", $"/promotions/{approved.Id}");
                case "risk-cosignature":
                    var risk = approved?.Approvals.FirstOrDefault(a => a.IsValid && a.Role == ReviewerRole.Risk);
                    return risk is null ? new(key, d, false, "No valid risk reviewer signature on an approved promotion.", versionLink)
                        : new(key, d, true, $"{risk.ReviewerName} signed {risk.SignedAt:yyyy-MM-dd}.", $"/promotions/{approved!.Id}");
                case "release-attestation":
                    return release is { Allowed: true } ? new(key, d, true, $"Release allowed for {release.Stage}; envelope signed.", $"/promotions/{release.PromotionId}")
                        : new(key, d, false, release is null ? "No approved promotion to attest." : "Release denied now: " + string.Join("; ", release.Reasons), versionLink);
                case "audit-chain-verified":
                    return audit.Intact ? new(key, d, true, $"{audit.EntriesChecked} entries verified; head {Digest.Short(audit.HeadHash)}…", "/audit")
                        : new(key, d, false, $"Broken at entry {audit.FirstBrokenSequence}: {audit.Problem}", "/audit");
                case "no-open-findings":
                    return findings.Count == 0 ? new(key, d, true, "No open finding on this version.", "/findings")
                        : new(key, d, false, string.Join(" ", findings.Select(f => f.Message)), "/findings");
                default: return new(key, d, false, "Unknown evidence key.", null);
            }
        }

        EvidenceCheck Evaluation(string key, string d, EvaluationKind kind)
        {
            var gate = report.Checks.FirstOrDefault(c => c.Check == $"{kind} evidence");
            if (gate is not null) return new(key, d, gate.Passed, gate.Reason, $"{versionLink}#evaluations");
            var newest = evaluations.Where(e => e.Kind == kind && e.TargetSha256 == version.Sha256).MaxBy(e => e.EvaluatedAt);
            return newest is null ? new(key, d, false, $"No {kind} evaluation of this artifact is registered.", versionLink)
                : new(key, d, newest.Passed, $"Not required by the policy; newest ({newest.EvaluatedAt:yyyy-MM-dd}) {(newest.Passed ? "passed" : "failed")}.", $"/evaluations/{newest.Id}");
        }

        var rows = catalogue.Controls.Select(c =>
        {
            var checks = c.Evidence.Select(Judge).ToList();
            var met = checks.Count(x => x.Met);
            return new ControlCoverage(c, met == checks.Count ? CoverageStatus.Satisfied : met == 0 ? CoverageStatus.Missing : CoverageStatus.Partial, checks);
        }).ToList();
        return new CoverageMatrix(system.Key, system.Name, system.RiskTier, vid, $"{version.Model!.Name} {version.Version}", stage,
            catalogue.Name, catalogueVersion, rows, now, report, targetStage);
    }

    /// <summary>The matrix as CSV (one row per control and evidence), for spreadsheets and auditors' tools.</summary>
    public static string ToCsv(CoverageMatrix m)
    {
        static string Q(string? s) => "\"" + (s ?? "").Replace("\"", "\"\"") + "\"";
        var sb = new StringBuilder("ai_system,model_version,control,framework,reference,title,status,evidence,met,detail\n");
        foreach (var r in m.Rows)
            foreach (var e in r.Evidence)
                sb.AppendJoin(',', Q(m.AiSystemKey), Q(m.ModelVersion), Q(r.Control.Id), Q(r.Control.Framework), Q(r.Control.Reference),
                    Q(r.Control.Title), Q(r.Status.ToString()), Q(e.Description), e.Met ? "yes" : "no", Q(e.Detail)).Append('\n');
        return sb.ToString();
    }
}

internal sealed class ControlCatalogueVersionConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<ControlCatalogueVersion>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<ControlCatalogueVersion> b)
    {
        b.ToTable("ControlCatalogueVersions");
        b.HasIndex(x => x.Version).IsUnique();
        b.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}
