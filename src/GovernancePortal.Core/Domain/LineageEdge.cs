namespace GovernancePortal.Core.Domain;

/// <summary>
/// A directed lineage edge from an upstream node to a downstream node. Node ids are the entities' Guids;
/// the two indexes (From, To) make recursive upstream/downstream queries index seeks at 1M edges.
/// Bulk synthetic data (generate-data) is audited as one summary entry, not per edge (ADR 0004).
/// </summary>
public class LineageEdge : IAuditable
{
    public long Id { get; set; }
    public Guid FromId { get; set; }
    public NodeType FromType { get; set; }
    public Guid ToId { get; set; }
    public NodeType ToType { get; set; }
    public EdgeKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
}
