namespace GovernancePortal.Core.Domain;

/// <summary>
/// One production metric value of a serving endpoint at a time (accuracy, drift score, latency...). Telemetry,
/// not a governed change: each ingest call is audited as one summary entry, not per value.
/// </summary>
public class Observation
{
    public long Id { get; set; }
    public Guid EndpointId { get; set; }
    public required string Metric { get; set; }
    public double Value { get; set; }
    public DateTime ObservedAt { get; set; }
}
