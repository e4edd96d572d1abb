namespace GovernancePortal.Core.Domain;

/// <summary>A registered model (MLflow's RegisteredModel): a named family of versions.</summary>
public class Model : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public required string Owner { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<ModelVersion> Versions { get; set; } = [];
}
