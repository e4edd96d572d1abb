namespace GovernancePortal.Core.Domain;

/// <summary>
/// A secret property of an audited entity: the audit chain records that it changed ("[withheld]"), never its value,
/// because audit entries are exported and read by people who must not hold the secret.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
