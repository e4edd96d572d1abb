using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Keeps the query planner's statistics fresh. Without them SQLite guesses index selectivity and, on the
/// inventory's stage filter, chose the low-selectivity Stage index for a per-row lookup (minutes at 100k
/// versions instead of milliseconds). A sampled ANALYZE takes milliseconds even on large databases.
/// PostgreSQL's autovacuum analyses on its own, but only after enough rows change; an explicit ANALYZE after
/// a bulk load or migration gives the planner real figures at once (it samples, so it stays cheap).
/// </summary>
public static class QueryPlannerStatistics
{
    public static async Task RefreshAsync(GovernanceDbContext db, CancellationToken ct = default)
    {
        var sql = GovernanceDatabase.ProviderOf(db) == DatabaseProvider.Sqlite ? "PRAGMA analysis_limit = 1000; ANALYZE;" : "ANALYZE;";
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }
}
