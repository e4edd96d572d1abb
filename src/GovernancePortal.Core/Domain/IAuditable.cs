namespace GovernancePortal.Core.Domain;

/// <summary>
/// Marks governed entities: every insert, update and delete of one is written to the audit chain
/// in the same transaction as the change (see <see cref="Data.GovernanceDbContext"/>).
/// The audit entry's entity id is the entity's primary key.
/// </summary>
public interface IAuditable;
