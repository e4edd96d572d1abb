namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>The event types a webhook can subscribe to: their names are part of the public contract.</summary>
public static class WebhookEvents
{
    public const string FindingRaised = "finding.raised";
    public const string FindingResolved = "finding.resolved";
    public const string PromotionRequested = "promotion.requested";
    public const string PromotionApproved = "promotion.approved";
    public const string PromotionRejected = "promotion.rejected";
    public const string PromotionInvalidated = "promotion.invalidated";
    public const string ModelVersionRegistered = "model_version.registered";
    /// <summary>Sent by "Send test event" only; nobody subscribes to it.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
        [FindingRaised, FindingResolved, PromotionRequested, PromotionApproved, PromotionRejected, PromotionInvalidated, ModelVersionRegistered];
}
