namespace GovernancePortal.Core.Data.Instances;

/// <summary>
/// This process among the portal instances sharing one database: an id made at start, so an instance can tell its own
/// notifications from its peers' (ADR 0043). Not persisted; a restarted instance is a new one.
/// </summary>
public sealed class PortalInstance
{
    public Guid Id { get; } = Guid.NewGuid();
}
