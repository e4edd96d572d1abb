namespace GovernancePortal.Core.Domain;

/// <summary>A serving endpoint as infrastructure reports it: what it claims to serve, not what was approved.</summary>
public class ServingEndpoint : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public DeploymentEnvironment Environment { get; set; }
    public string Url { get; set; } = "";
    public required string ReportedModelName { get; set; }
    public required string ReportedVersion { get; set; }
    public required string ReportedSha256 { get; set; }
    /// <summary>The registered version matching the report (by name + version), if any.</summary>
    public Guid? ModelVersionId { get; set; }
    public ModelVersion? ModelVersion { get; set; }
    public Guid? AiSystemId { get; set; }
    public AiSystem? AiSystem { get; set; }
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
}
