using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Compliance;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Dashboard;

/// <summary>A reviewer's inbox: how many wait for their signature, since when, and how many are past the SLA.</summary>
public sealed record ReviewerWork(int Waiting, DateTime? OldestSubmittedAt, int SlaDays, int OverSla);

/// <summary>A data scientist's open work: AI Cards never submitted, their open requests whose gates fail, their pending requests.</summary>
public sealed record ScientistWork(int UnsubmittedCards, int FailingGates, int Pending);

/// <summary>A compliance officer's watch list: production uses with control gaps, stale published cards, evidence about to age out.</summary>
public sealed record ComplianceWork(int ProductionGaps, int StaleCards, IReadOnlyList<ExpiringEvidence> Expiring);

/// <summary>Evidence a Production version relies on that passes now and ages out of its policy within <see cref="DashboardWork.ExpiringDays"/>.</summary>
public sealed record ExpiringEvidence(Guid ModelVersionId, string ModelVersion, string Use, string Check, Guid EvaluationId, DateTime ExpiresAt);

/// <summary>
/// What needs doing, per role: each part is computed only for a caller who holds the role, by the rule that owns it
/// (the inbox's <see cref="SigningRule"/>, the gates, the coverage matrix, the card-drift finding).
/// </summary>
public sealed class DashboardWork(IDbContextFactory<GovernanceDbContext> dbFactory, PromotionQueries promotions, GateEvaluator gates,
    CoverageService coverage, IOptions<PromotionOptions> options, TimeProvider time)
{
    public const int ExpiringDays = 30;

    public async Task<ReviewerWork?> ReviewerAsync(Caller caller, CancellationToken ct = default)
    {
        if (!ReviewerRoles.HeldBy(caller.Roles).Any()) return null;
        var inbox = await promotions.InboxAsync(caller, InboxFilter.Mine, ct);
        var sla = options.Value.SlaWarningDays;
        var now = time.GetUtcNow().UtcDateTime;
        var oldest = inbox.Select(r => r.SubmittedAt ?? r.CreatedAt).DefaultIfEmpty().Min();
        return new ReviewerWork(inbox.Count, inbox.Count == 0 ? null : oldest, sla, inbox.Count(r => (r.SubmittedAt ?? r.CreatedAt) < now.AddDays(-sla)));
    }

    public async Task<ScientistWork?> ScientistAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.Roles.Contains(Roles.DataScientist)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Cards are the data scientists' shared work (pipelines register the versions), so this counts the whole register.
        var unsubmitted = await db.ModelVersions.CountAsync(v => !db.Set<Cards.AiCard>().Any(c => c.ModelVersionId == v.Id && c.PublishedRevision != null), ct);
        var failing = (await promotions.MineAsync(caller, null, failingGatesOnly: true, ct)).Count;
        var pending = (await promotions.MineAsync(caller, PromotionStatus.Pending, ct: ct)).Count;
        return new ScientistWork(unsubmitted, failing, pending);
    }

    public async Task<ComplianceWork?> ComplianceAsync(Caller caller, CancellationToken ct = default)
    {
        if (!caller.Roles.Contains(Roles.ComplianceOfficer)) return null;
        var matrices = await coverage.AllAsync(caller, ct);
        if (!matrices.Succeeded) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stale = await db.Findings.CountAsync(f => f.Rule == FindingRule.CardDrift && f.ResolvedAt == null, ct);
        // The matrices already evaluated the Production gates of each use's production version: the expiring list reuses them.
        var judged = matrices.Value!.Where(m => m.GatesTarget == Stage.Production && m.Gates is not null && m.ModelVersionId is not null)
            .ToDictionary(m => (m.ModelVersionId!.Value, m.AiSystemKey), m => m.Gates!);
        return new ComplianceWork(matrices.Value!.Count(m => m.IsProductionGap), stale, await ExpiringAsync(db, ct, judged));
    }

    /// <summary>The compliance page's list behind the dashboard's "evidence expiring" tile.</summary>
    public async Task<Result<IReadOnlyList<ExpiringEvidence>>> ExpiringEvidenceAsync(Caller caller, CancellationToken ct = default)
    {
        if (Evidence.EvidenceAccess.Deny(caller, "read expiring evidence") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ExpiringAsync(db, ct);
    }

    /// <summary>For every (version, use) in Production: evidence checks that pass now, whose evaluation ages out of the policy soon.</summary>
    /// <param name="judged">Gate reports already evaluated for (version, use key) in Production; the others are evaluated here.</param>
    private async Task<List<ExpiringEvidence>> ExpiringAsync(GovernanceDbContext db, CancellationToken ct,
        IReadOnlyDictionary<(Guid, string), GateReport>? judged = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var staged = await db.ModelVersionStages.AsNoTracking().Where(s => s.Stage == Stage.Production)
            .Select(s => new
            {
                s.ModelVersionId, s.AiSystemId, Use = s.AiSystem!.Name, UseKey = s.AiSystem!.Key,
                Name = db.ModelVersions.Where(v => v.Id == s.ModelVersionId).Select(v => v.Model!.Name + " v" + v.Version).First(),
            })
            .Take(200).ToListAsync(ct);
        // The gates decide which evaluation counts and how old it may be; only its date is read here, in one query.
        var passing = new List<(Guid VersionId, string Name, string Use, string Check, Guid EvaluationId, int AllowedDays)>();
        foreach (var s in staged)
        {
            var report = judged?.GetValueOrDefault((s.ModelVersionId, s.UseKey))
                ?? await gates.EvaluateAsync(db, s.ModelVersionId, s.AiSystemId, Stage.Production, ct);
            if (report.Definition is not { } policy) continue;
            foreach (var check in report.Checks.Where(c => c.Gate == EvidenceGate.Name && c.Passed))
                if (check.Evidence.FirstOrDefault()?.Id is { } evaluationId)
                    passing.Add((s.ModelVersionId, s.Name, s.Use, check.Check, evaluationId,
                        policy.Evidence.First(r => EvidenceGate.CheckName(r.Kind) == check.Check).AllowedAgeDays(policy)));
        }
        var ids = passing.Select(p => p.EvaluationId).Distinct().ToList();
        var dates = await db.Evaluations.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.EvaluatedAt, ct);
        return passing.Select(p => new ExpiringEvidence(p.VersionId, p.Name, p.Use, p.Check, p.EvaluationId, dates[p.EvaluationId].AddDays(p.AllowedDays)))
            .Where(e => e.ExpiresAt <= now.AddDays(ExpiringDays)).OrderBy(e => e.ExpiresAt).ToList();
    }
}
