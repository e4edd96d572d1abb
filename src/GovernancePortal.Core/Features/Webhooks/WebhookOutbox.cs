using System.Text.Json;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Promotions;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>
/// Where governed writes record their events, on the writer's own tracked context so the event commits (or rolls back)
/// with the change. Adding a row is all it does: delivery happens later, in <see cref="WebhookDispatcher"/>.
/// </summary>
public static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Add(GovernanceDbContext db, string type, object data) =>
        db.Set<WebhookOutboxMessage>().Add(new WebhookOutboxMessage { Type = type, Data = JsonSerializer.Serialize(data, Json), CreatedAt = db.UtcNow });

    public static void FindingRaised(GovernanceDbContext db, Finding f) => Add(db, WebhookEvents.FindingRaised, FindingData(f));

    public static void FindingResolved(GovernanceDbContext db, Finding f) => Add(db, WebhookEvents.FindingResolved, FindingData(f));

    private static object FindingData(Finding f) => new
    {
        id = f.Id, rule = FindingNames.Kebab(f.Rule), signal = FindingNames.Kebab(f.Signal), severity = FindingNames.Kebab(f.Severity),
        status = FindingNames.Kebab(f.Status), title = f.Title, entityType = f.EntityType, entityId = f.EntityId, entityName = f.EntityName,
        path = $"/findings/{f.Id}",
    };

    public static void ModelVersionRegistered(GovernanceDbContext db, string model, Domain.ModelVersion v) => Add(db, WebhookEvents.ModelVersionRegistered, new
    {
        id = v.Id, model, version = v.Version, sha256 = v.Sha256, framework = v.Framework, createdBy = v.CreatedBy, path = $"/model-versions/{v.Id}",
    });

    /// <summary>What of a request the promotion events compare: its status and how many signatures were invalidated.</summary>
    public readonly record struct PromotionState(PromotionStatus Status, int Invalidated)
    {
        public static PromotionState Of(PromotionRequest r) => new(r.Status, r.Approvals.Count(a => !a.IsValid));
    }

    /// <summary>
    /// The promotion events between <paramref name="before"/> and the request as it is about to be saved: requested
    /// (now pending), approved, rejected, invalidated (signatures given on other facts were invalidated).
    /// </summary>
    public static async Task PromotionTransitionsAsync(GovernanceDbContext db, PromotionState? before, PromotionRequest r, CancellationToken ct)
    {
        var types = new List<string>();
        if (r.Status != before?.Status)
            if (r.Status switch
                {
                    PromotionStatus.Pending => WebhookEvents.PromotionRequested,
                    PromotionStatus.Approved => WebhookEvents.PromotionApproved,
                    PromotionStatus.Rejected => WebhookEvents.PromotionRejected,
                    _ => null,
                } is { } type) types.Add(type);
        var invalidated = r.Approvals.Count(a => !a.IsValid) - (before?.Invalidated ?? 0);
        if (invalidated > 0) types.Insert(0, WebhookEvents.PromotionInvalidated);
        if (types.Count == 0) return;

        var names = await db.ModelVersions.AsNoTracking().Where(v => v.Id == r.ModelVersionId)
            .Select(v => new { Model = v.Model!.Name, v.Version, v.Sha256 }).FirstOrDefaultAsync(ct);
        var use = await db.AiSystems.AsNoTracking().Where(s => s.Id == r.AiSystemId).Select(s => new { s.Key, s.Name }).FirstOrDefaultAsync(ct);
        foreach (var type in types)
            Add(db, type, new
            {
                id = r.Id, status = r.Status.ToString(), targetStage = r.TargetStage.ToString(),
                modelVersionId = r.ModelVersionId, model = names?.Model, version = names?.Version, sha256 = names?.Sha256,
                aiSystemId = r.AiSystemId, aiSystem = use?.Key, aiSystemName = use?.Name, requestedBy = r.RequestedBy,
                invalidatedApprovals = type == WebhookEvents.PromotionInvalidated ? invalidated : (int?)null,
                reason = type == WebhookEvents.PromotionRejected ? r.RejectionReason : type == WebhookEvents.PromotionInvalidated ? r.ReviewNote : null,
                path = $"/promotions/{r.Id}",
            });
    }
}
