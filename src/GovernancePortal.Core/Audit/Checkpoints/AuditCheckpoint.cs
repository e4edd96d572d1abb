namespace GovernancePortal.Core.Audit.Checkpoints;

public enum CheckpointReason { Startup, Scheduled, Approval }

/// <summary>
/// A signed statement "the audit chain's head was entry <see cref="Sequence"/> with hash <see cref="HeadHash"/> at
/// <see cref="Time"/>". Copies leave the database (API, release attestations) so that cutting the chain's end or
/// rewriting it shows against a copy the attacker could not reach. Not itself audited: it is a derived anchor, and
/// writing it into the chain would move the head it names (ADR 0019).
/// </summary>
public class AuditCheckpoint
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    public required string HeadHash { get; set; }
    public DateTime Time { get; set; }
    public CheckpointReason Reason { get; set; }
    public required string KeyId { get; set; }
    /// <summary>The DSSE envelope (JSON) over the <see cref="CheckpointStatement"/>; the only part a verifier trusts.</summary>
    public required string Envelope { get; set; }
}
