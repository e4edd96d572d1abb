using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Dashboard;

public sealed record DashboardSummary(
    int Models, int ModelVersions, int Datasets, int Runs, int Evaluations, int Endpoints,
    IReadOnlyDictionary<Stage, int> VersionsByStage, IReadOnlyDictionary<RiskTier, int> SystemsByTier,
    int FailedEvaluations, IReadOnlyList<AuditEntry> RecentActivity);

public sealed class DashboardService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<DashboardSummary> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byStage = await db.ModelVersionStages.GroupBy(s => s.Stage)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var byTier = await db.AiSystems.GroupBy(s => s.RiskTier)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new DashboardSummary(
            await db.Models.CountAsync(ct), await db.ModelVersions.CountAsync(ct), await db.Datasets.CountAsync(ct),
            await db.TrainingRuns.CountAsync(ct), await db.Evaluations.CountAsync(ct), await db.ServingEndpoints.CountAsync(ct),
            Enum.GetValues<Stage>().ToDictionary(s => s, s => byStage.GetValueOrDefault(s)),
            Enum.GetValues<RiskTier>().ToDictionary(t => t, t => byTier.GetValueOrDefault(t)),
            await db.Evaluations.CountAsync(e => !e.Passed, ct),
            await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Take(10).ToListAsync(ct));
    }
}
