namespace GovernancePortal.Core.Audit;

/// <summary>
/// One link of the tamper-evident audit chain. <see cref="Sequence"/> is assigned by the writer (not the
/// database) so it is part of the hashed content, and being the primary key it also forbids forks.
/// </summary>
public class AuditEntry
{
    public long Sequence { get; set; }
    public DateTime Timestamp { get; set; }
    public required string Actor { get; set; }
    public ActorKind ActorKind { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}
