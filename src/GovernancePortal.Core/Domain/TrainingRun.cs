namespace GovernancePortal.Core.Domain;

/// <summary>
/// A training job execution. Its id is the OpenLineage run UUID when it came from a pipeline.
/// Inputs and outputs are lineage edges (Consumed / Produced), not columns.
/// </summary>
public class TrainingRun : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string JobName { get; set; }
    public string CodeCommit { get; set; } = "";
    public Dictionary<string, string> Parameters { get; set; } = [];
    public Dictionary<string, double> Metrics { get; set; } = [];
    /// <summary>Container image digest the run executed in (e.g. sha256:...).</summary>
    public string EnvironmentImageDigest { get; set; } = "";
    public RunStatus Status { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}
