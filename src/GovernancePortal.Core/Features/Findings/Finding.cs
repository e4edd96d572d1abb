using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Findings;

public enum FindingRule
{
    ModelVersionWithoutRun,
    RunConsumedUnregisteredDataset,
    DigestConflict,
    DeploymentServesUnregisteredDigest,
    LineageCycle,
    EvaluationOfChangedDigest,
    UntrackedPromotion,
}

public enum FindingSeverity { Low, Medium, High, Critical }

/// <summary>An integrity problem the checker found, linked to the entity it concerns. Resolved when it no longer holds.</summary>
public class Finding : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public FindingRule Rule { get; set; }
    public FindingSeverity Severity { get; set; }
    public NodeType EntityType { get; set; }
    public Guid EntityId { get; set; }
    public required string Message { get; set; }
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
    public DateTime? ResolvedAt { get; set; }
}
