using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings;

namespace GovernancePortal.Core.Features.Promotions.Gates;

public enum CheckStatus { Passed, Failed, Missing }

/// <summary>
/// A piece of evidence a check relied on. <see cref="Binding"/> identifies its exact content (e.g. an evaluation id
/// and its report digest); the decision hash covers every binding, so changed evidence invalidates approvals.
/// </summary>
public sealed record EvidenceRef(string Kind, Guid? Id, string Label, string Binding);

public sealed record GateCheckResult(string Gate, string Check, CheckStatus Status, string Reason, IReadOnlyList<EvidenceRef> Evidence)
{
    public bool Passed => Status == CheckStatus.Passed;
}

/// <summary>The register facts every check may read, loaded once per evaluation.</summary>
public sealed record GateContext(
    ModelVersion Version,
    string ModelName,
    AiSystem Use,
    Stage TargetStage,
    PolicyDefinition Policy,
    IReadOnlyList<Evaluation> Evaluations,
    IReadOnlyList<(Guid Id, string Label)> ProducingRuns,
    IReadOnlyList<Finding> OpenFindings,
    DateTime Now);

/// <summary>
/// One pluggable gate. Register implementations in DI; the evaluator runs them all and binds approvals to the evidence
/// they report, so a new check (AI Card completeness, portal-computed evidence) joins the decision hash on its own.
/// </summary>
public interface IGateCheck
{
    Task<IReadOnlyList<GateCheckResult>> EvaluateAsync(GateContext context, CancellationToken ct);
}
