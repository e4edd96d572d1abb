using GovernancePortal.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions;

public sealed partial class PromotionService
{
    public static readonly Actor RevalidationActor = Actor.System("promotion-revalidation");

    /// <summary>
    /// Re-binds open requests to the current facts (invalidating approvals given on others) and expires stale ones.
    /// Runs after pipeline writes, when a request is opened, and before any decision is taken on one.
    /// Returns how many requests changed.
    /// </summary>
    public async Task<int> RevalidateAsync(Guid? onlyId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = RevalidationActor;
        var open = await db.Set<PromotionRequest>().Include(r => r.Approvals)
            .Where(r => (r.Status == PromotionStatus.Pending || r.Status == PromotionStatus.Draft) && (onlyId == null || r.Id == onlyId))
            .ToListAsync(ct);
        var changed = new List<Guid>();
        foreach (var request in open)
        {
            if (ExpireIfDue(request)) { changed.Add(request.Id); continue; }
            var report = await gates.EvaluateAsync(db, request.ModelVersionId, request.AiSystemId, request.TargetStage, ct);
            if (Rebind(request, report)) changed.Add(request.Id);
        }
        if (changed.Count == 0) return 0;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return 0; /* a concurrent action re-bound it already */ }
        foreach (var id in changed) events.Publish(id);
        return changed.Count;
    }
}
