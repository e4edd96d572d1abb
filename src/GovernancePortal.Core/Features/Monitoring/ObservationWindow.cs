using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Monitoring;

public enum ObservationKind { Metric, Distribution }

/// <summary>Minute rows are what producers write; hour rows are what retention rolls old minutes into (ADR 0037).</summary>
public enum WindowResolution { Minute, Hour }

/// <summary>
/// Everything an endpoint reported for one metric or distribution in one aligned window: a metric as sum and count (its
/// mean is the window's value), a distribution as a <see cref="ValueSketch"/> (raw samples are folded in, never kept).
/// Telemetry, not a governed change: not audited per row; each ingest call is one audit entry (ADR 0037).
/// </summary>
public class ObservationWindow
{
    public long Id { get; set; }
    public Guid EndpointId { get; set; }
    public ObservationKind Kind { get; set; }
    public required string Name { get; set; }
    public WindowResolution Resolution { get; set; }
    /// <summary>UTC start, aligned to the minute (or hour for <see cref="WindowResolution.Hour"/>).</summary>
    public DateTime WindowStart { get; set; }
    /// <summary>Ground-truth metrics (accuracy once labels arrive) as opposed to label-free ones (latency, scores).</summary>
    public bool Labelled { get; set; }
    /// <summary>Values folded in: metric reports, or distribution samples. Also the optimistic concurrency token of the row.</summary>
    public long Count { get; set; }
    /// <summary>Sum of the metric values (<see cref="ObservationKind.Metric"/>); the window's value is Sum / Count.</summary>
    public double Sum { get; set; }
    /// <summary>The serialized sketch (<see cref="ObservationKind.Distribution"/>).</summary>
    public byte[]? Sketch { get; set; }

    public double Mean => Count == 0 ? double.NaN : Sum / Count;
}

/// <summary>A producer's observation id, remembered so the same observation sent again is not counted twice.</summary>
public class ObservationReceipt
{
    public Guid EndpointId { get; set; }
    public required string ObservationId { get; set; }
    public DateTime ReceivedAt { get; set; }
}

/// <summary>
/// A reference distribution uploaded with a staging evaluation (ADR 0041): the distribution the version was evaluated on,
/// kept as a <see cref="ValueSketch"/> like a window. When the evaluation the baseline rests on carries any, they are the
/// production endpoint's distribution baseline instead of the staging endpoint's observations.
/// </summary>
public class ReferenceDistribution
{
    public Guid EvaluationId { get; set; }
    public required string Name { get; set; }
    public long Count { get; set; }
    public required byte[] Sketch { get; set; }
    public DateTime UploadedAt { get; set; }
}
