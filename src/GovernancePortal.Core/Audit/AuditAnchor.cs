namespace GovernancePortal.Core.Audit;

/// <summary>
/// A head recorded outside the chain: entry <paramref name="Sequence"/> had hash <paramref name="Hash"/>.
/// <paramref name="Source"/> names where the record came from, for the message when the chain disagrees.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash, string Source);
