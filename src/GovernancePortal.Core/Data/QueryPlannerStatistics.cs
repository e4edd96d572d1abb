using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Keeps SQLite's planner statistics fresh. Without them SQLite guesses index selectivity and, on the
/// inventory's stage filter, chose the low-selectivity Stage index for a per-row lookup (minutes at 100k
/// versions instead of milliseconds). A sampled ANALYZE takes milliseconds even on large databases.
/// </summary>
public static class QueryPlannerStatistics
{
    public static async Task RefreshAsync(GovernanceDbContext db, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite()) return;
        await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit = 1000; ANALYZE;", ct);
    }
}
