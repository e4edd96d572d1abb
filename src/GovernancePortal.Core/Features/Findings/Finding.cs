using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Findings;

/// <summary>The specific check that raised a finding (the API's <c>rule</c>, in kebab case).</summary>
public enum FindingRule
{
    ModelVersionWithoutRun,
    RunConsumedUnregisteredDataset,
    DigestConflict,
    DeploymentServesUnregisteredDigest,
    LineageCycle,
    EvaluationOfChangedDigest,
    UntrackedPromotion,
    ServedDigestDiffersFromApproved,
    MissingEvidence,
    ServiceIdentityStale,
    ServiceIdentityExpiring,
    ServiceIdentityOverPrivileged,
    ServiceIdentityOwnerDisabled,
    CardDrift,
    WebhookDisabled,
    ProductionDrift,
    MetricDivergence,
}

/// <summary>The family a rule belongs to (the API's <c>signal</c>): what kind of drift from the approved boundary it shows.</summary>
public enum FindingSignal { UntrackedPromotion, InconsistentLineage, MissingEvidence, ServiceIdentity, CardDrift, ProductionDivergence }

public enum FindingSeverity { Low, Medium, High, Critical }

/// <summary>
/// Open → Acknowledged → Resolved (automatically when the condition clears, or by a person with a reason);
/// Suppressed until a date for an accepted risk. A finding that clears and comes back is reopened, not duplicated.
/// </summary>
public enum FindingStatus { Open, Acknowledged, Resolved, Suppressed }

/// <summary>
/// One condition a rule sees, linked to the entity it concerns. (<see cref="Rule"/>, <see cref="ConditionKey"/>) is
/// unique: the same condition is always the same finding, updated, reopened, never duplicated.
/// </summary>
public class Finding : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public FindingSignal Signal { get; set; }
    public FindingRule Rule { get; set; }
    /// <summary>What makes this condition itself within its rule (usually the entity id, e.g. "version:use" for evidence).</summary>
    public string ConditionKey { get; set; } = "";
    public FindingSeverity Severity { get; set; }
    public FindingStatus Status { get; set; }
    /// <summary>A <see cref="FindingEntity"/> name.</summary>
    public string EntityType { get; set; } = "";
    public Guid EntityId { get; set; }
    public string EntityName { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>The explanation: what the rule sees, in words.</summary>
    public required string Message { get; set; }
    public string SuggestedAction { get; set; } = "";
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
    /// <summary>Set while resolved (automatically or by a person); null while the finding is open, acknowledged or suppressed.</summary>
    public DateTime? ResolvedAt { get; set; }
    /// <summary>Who resolved it by hand; null when the condition cleared by itself.</summary>
    public string? ResolvedBy { get; set; }
    public string? ResolutionReason { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgementComment { get; set; }
    public string? SuppressedBy { get; set; }
    public DateTime? SuppressedUntil { get; set; }
    public string? SuppressionReason { get; set; }

    public bool IsActive => ResolvedAt is null;
}

/// <summary>Entity type names a finding can point at.</summary>
public static class FindingEntity
{
    public const string ModelVersion = nameof(NodeType.ModelVersion);
    public const string TrainingRun = nameof(NodeType.TrainingRun);
    public const string DatasetVersion = nameof(NodeType.DatasetVersion);
    public const string Evaluation = nameof(NodeType.Evaluation);
    public const string Endpoint = nameof(NodeType.Endpoint);
    public const string ServiceIdentity = "ServiceIdentity";
    public const string Webhook = "Webhook";

    public static string Of(NodeType type) => type.ToString();
}
