namespace GovernancePortal.Core.Features.Inventory;

/// <summary>
/// A registered model version reported with another artifact digest (by the API, OpenLineage or a person): stored as
/// what it is, so the lineage rule reads data, not the audit chain. One row per (version, reported digest); a repeat
/// report counts up. The registered digest never changes (ADR 0005).
/// </summary>
public class DigestConflict
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ModelVersionId { get; set; }
    public required string RegisteredSha256 { get; set; }
    public required string ReportedSha256 { get; set; }
    public required string FirstReportedBy { get; set; }
    public DateTime FirstReportedAt { get; set; }
    public DateTime LastReportedAt { get; set; }
    public int Reports { get; set; } = 1;
}
