namespace GovernancePortal.Core.Domain;

/// <summary>Evidence about one model version: performance, robustness, red-team, bias or security scan.</summary>
public class Evaluation : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public EvaluationKind Kind { get; set; }
    public Guid ModelVersionId { get; set; }
    public ModelVersion? ModelVersion { get; set; }
    /// <summary>The model digest the evaluator actually tested (lets later checks spot a re-registered artifact).</summary>
    public required string TargetSha256 { get; set; }
    public Guid? DatasetVersionId { get; set; }
    public DatasetVersion? DatasetVersion { get; set; }
    public DeploymentEnvironment Environment { get; set; }
    public Dictionary<string, double> Metrics { get; set; } = [];
    public bool Passed { get; set; }
    /// <summary>SHA-256 of the evaluation report artefact.</summary>
    public string? ArtifactSha256 { get; set; }
    public required string Evaluator { get; set; }
    public DateTime EvaluatedAt { get; set; }
    public string Notes { get; set; } = "";
}
