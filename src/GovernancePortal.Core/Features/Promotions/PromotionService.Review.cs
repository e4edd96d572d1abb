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
        List<Guid> open;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            open = await db.PromotionRequests.AsNoTracking()
                .Where(r => (r.Status == PromotionStatus.Pending || r.Status == PromotionStatus.Draft) && (onlyId == null || r.Id == onlyId))
                .Select(r => r.Id).ToListAsync(ct);
        var changed = 0;
        // One request at a time, each in its own context: a conflict on one (someone signing it) loses nothing for the others.
        foreach (var id in open)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Actor = RevalidationActor;
            var request = await db.PromotionRequests.Include(r => r.Approvals).FirstAsync(r => r.Id == id, ct);
            if (!request.IsOpen) continue;
            var before = Webhooks.WebhookOutbox.PromotionState.Of(request);
            if (!ExpireIfDue(request))
                Rebind(request, await gates.EvaluateAsync(db, request.ModelVersionId, request.AiSystemId, request.TargetStage, ct));
            await Webhooks.WebhookOutbox.PromotionTransitionsAsync(db, before, request, ct);
            if (!db.ChangeTracker.HasChanges()) continue;
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { continue; /* a concurrent action re-bound it already */ }
            changed++;
            events.Publish(id);
        }
        return changed;
    }
}
