using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GovernancePortal.Core.Common;

/// <summary>
/// The portal's own traces and metrics, named <see cref="Name"/>. They cost next to nothing until a listener subscribes:
/// the Web host adds one only when an OTLP endpoint is configured (ADR 0044). Counters are incremented after the change
/// they count has committed, so a rolled-back save is never counted.
/// </summary>
public static class PortalTelemetry
{
    public const string Name = "GovernancePortal";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>OpenLineage events stored (duplicates of stored events are not counted).</summary>
    public static readonly Counter<long> IngestEvents = Meter.CreateCounter<long>("portal.ingest.events", "{event}", "OpenLineage events stored");

    /// <summary>Promotion signatures accepted; tagged with the reviewer role and whether it approved the request.</summary>
    public static readonly Counter<long> PromotionsSigned = Meter.CreateCounter<long>("portal.promotions.signed", "{signature}", "Promotion signatures accepted");

    /// <summary>Findings raised or reopened by the findings engine, tagged with the rule.</summary>
    public static readonly Counter<long> FindingsRaised = Meter.CreateCounter<long>("portal.findings.raised", "{finding}", "Findings raised or reopened");

    /// <summary>Webhook delivery attempts, tagged with the outcome (Delivered, Pending = will retry, Failed).</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>("portal.webhooks.deliveries", "{attempt}", "Webhook delivery attempts");
}
