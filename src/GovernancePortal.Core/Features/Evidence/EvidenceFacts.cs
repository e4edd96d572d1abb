using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards.Exports;
using GovernancePortal.Core.Features.Compliance;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Lineage.Layout;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>Identity of one issued document, fixed before it is drawn (it is printed on every page).</summary>
public sealed record PackStamp(string PackId, DateTime IssuedAt, string IssuedBy, long AuditHeadSequence, string AuditHeadHash);

/// <summary>
/// An evaluation in a pack and the policy rules that judge it (<see cref="Evaluations.EvaluationPolicies"/>, the owner the
/// evaluation page and the gate's environment test share): for a promotion pack, the rules of the policy the request bound.
/// </summary>
public sealed record EvaluationFact(Evaluation Evaluation, string? Dataset, IReadOnlyList<Evaluations.ApplicableRule> Rules)
{
    /// <summary>Every threshold of those rules (a metric may have one per stage when several policies judge it).</summary>
    public IReadOnlyList<MetricThreshold> Thresholds => [.. Rules.SelectMany(r => r.Requirement.Thresholds)];
}

public sealed record FindingFact(FindingRule Rule, FindingSeverity Severity, string Entity, string Message, DateTime FirstSeen, DateTime? ResolvedAt);

/// <summary>Facts about one model version and one business use, shared by the promotion, history and Annex IV documents.</summary>
public sealed record SubjectFacts(
    AiSystem System, ModelVersion Version, string ModelName, string ModelDescription,
    CardDocument? Card, IReadOnlyList<EvaluationFact> Evaluations, LineageLayout Lineage, int LineageNotShown,
    IReadOnlyList<FindingFact> Findings);

/// <summary>Everything the evidence pack of one promotion request shows, read once and then laid out.</summary>
public sealed record PromotionPackFacts(
    PackStamp Stamp, PromotionRow Request, string Justification, SubjectFacts Subject, GateReport Gates,
    PromotionPolicy? BoundPolicy, PolicyDefinition? BoundDefinition, IReadOnlyList<AuditEntry> Audit, int AuditTotal,
    CoverageMatrix Coverage, ReleaseDecisionResult? Release, string DecisionInputsJson)
{
    public bool Approved => Request.Status == PromotionStatus.Approved;
}
