namespace GovernancePortal.Core.Audit.Checkpoints;

public sealed class AuditCheckpointOptions
{
    public const string Section = "Audit";
    public static readonly TimeSpan Shortest = TimeSpan.FromMinutes(1), Longest = TimeSpan.FromHours(1);

    /// <summary>How often the portal signs a checkpoint of the chain head (besides one at start-up and one per approval).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    public bool IsValid => CheckpointInterval >= Shortest && CheckpointInterval <= Longest;
}
