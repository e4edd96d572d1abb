namespace GovernancePortal.Core.Domain;

/// <summary>One immutable artifact of a model, identified by the SHA-256 of its bytes.</summary>
public class ModelVersion : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ModelId { get; set; }
    public Model? Model { get; set; }
    public required string Version { get; set; }
    public required string Framework { get; set; }
    public required string ArtifactUri { get; set; }
    /// <summary>Lower-case hex SHA-256 of the artifact (64 chars).</summary>
    public required string Sha256 { get; set; }
    public long? SizeBytes { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<ModelVersionStage> Stages { get; set; } = [];
}

/// <summary>The stage of a model version for one business use.</summary>
public class ModelVersionStage : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ModelVersionId { get; set; }
    public Guid AiSystemId { get; set; }
    public AiSystem? AiSystem { get; set; }
    public Stage Stage { get; set; }
    public DateTime UpdatedAt { get; set; }
}
