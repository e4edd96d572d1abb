namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// An OpenLineage event exactly as received (unknown facets included), deduplicated by the SHA-256 of its
/// canonical JSON: the same event sent twice is stored once and changes nothing the second time.
/// </summary>
public class LineageEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string EventKey { get; set; }

    /// <summary>The run of a RunEvent; null for the static DatasetEvent and JobEvent (OpenLineage 2).</summary>
    public Guid? RunId { get; set; }

    public required string EventType { get; set; }
    public DateTime EventTime { get; set; }
    public DateTime ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    public required string Json { get; set; }

    /// <summary>Facets that failed their schema and were stored but not used, one note per line (ADR 0016); null when none.</summary>
    public string? ValidationNotes { get; set; }
}
