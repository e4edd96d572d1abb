namespace GovernancePortal.Core.Audit;

/// <summary>An explicit audit event (sign-in, role change, bulk operation) queued on a context until it saves.</summary>
public sealed record AuditEvent(string Action, string EntityType, string EntityId, string? Before = null, string? After = null);
