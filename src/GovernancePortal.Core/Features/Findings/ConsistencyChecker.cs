using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings;

public sealed record CheckSummary(int Open, int New, int Resolved, TimeSpan Elapsed);

/// <summary>
/// Runs the consistency rules and reconciles their result with the recorded findings: new ones are added,
/// ones that still hold are touched, ones that no longer hold are resolved. Audited as the checker.
/// </summary>
public sealed class ConsistencyChecker(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    public static readonly Actor CheckerActor = Actor.System("consistency-check");

    public async Task<CheckSummary> RunAsync(CancellationToken ct = default)
    {
        await OneAtATime.WaitAsync(ct);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Actor = CheckerActor;
            var detected = (await ConsistencyRules.RunAsync(db, ct)).DistinctBy(d => (d.Rule, d.EntityId)).ToList();
            var open = await db.Set<Finding>().Where(f => f.ResolvedAt == null).ToListAsync(ct);
            var byKey = open.ToDictionary(f => (f.Rule, f.EntityId));
            var now = db.UtcNow;
            var added = 0;
            foreach (var d in detected)
            {
                if (byKey.Remove((d.Rule, d.EntityId), out var existing))
                {
                    // Still open. Only a changed message is written: an unchanged check run writes nothing.
                    if (existing.Message != d.Message) (existing.Message, existing.LastSeen) = (d.Message, now);
                    continue;
                }
                db.Add(new Finding { Rule = d.Rule, Severity = d.Severity, EntityType = d.EntityType, EntityId = d.EntityId, Message = d.Message, FirstSeen = now, LastSeen = now });
                added++;
            }
            foreach (var gone in byKey.Values) gone.ResolvedAt = now;
            await db.SaveChangesAsync(ct);
            return new CheckSummary(detected.Count, added, byKey.Count, clock.Elapsed);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    public async Task<Page<Finding>> ListAsync(bool includeResolved, FindingRule? rule, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Set<Finding>().AsNoTracking();
        if (!includeResolved) q = q.Where(f => f.ResolvedAt == null);
        if (rule is { } r) q = q.Where(f => f.Rule == r);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(f => f.Severity).ThenByDescending(f => f.FirstSeen).PageOf(page, pageSize).ToListAsync(ct);
        return new(items, total);
    }

    public async Task<IReadOnlyList<Finding>> OpenForAsync(Guid entityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Finding>().AsNoTracking().Where(f => f.EntityId == entityId && f.ResolvedAt == null).ToListAsync(ct);
    }
}
