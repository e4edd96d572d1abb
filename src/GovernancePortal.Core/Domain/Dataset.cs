namespace GovernancePortal.Core.Domain;

/// <summary>A dataset, named like OpenLineage does: namespace + name.</summary>
public class Dataset : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Namespace { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<DatasetVersion> Versions { get; set; } = [];
}

/// <summary>An immutable snapshot of a dataset.</summary>
public class DatasetVersion : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DatasetId { get; set; }
    public Dataset? Dataset { get; set; }
    public required string Version { get; set; }
    public required string Uri { get; set; }
    /// <summary>SHA-256 of the snapshot, when the producer can compute one.</summary>
    public string? Sha256 { get; set; }
    public long? RowCount { get; set; }
    public string SchemaSummary { get; set; } = "";
    public string Licence { get; set; } = "";
    public bool ContainsPersonalData { get; set; }
    public string Provenance { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
