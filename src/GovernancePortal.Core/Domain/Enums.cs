namespace GovernancePortal.Core.Domain;

/// <summary>EU AI Act style risk tier of an AI system (business use).</summary>
public enum RiskTier { Minimal, Limited, High, Prohibited }

/// <summary>Lifecycle stage of a model version, always for one business use.</summary>
public enum Stage { Development, Staging, Production, Retired }

/// <summary>What an evaluation provides evidence of.</summary>
public enum EvaluationKind { Performance, Robustness, Adversarial, Bias, SecurityScan }

/// <summary>
/// How an evaluation's numbers were made: <c>Reported</c> by a pipeline as numbers, or <c>Computed</c> by the portal
/// from a file it keeps the digest of (see <see cref="EvaluationUpload"/>).
/// </summary>
public enum EvaluationSource { Reported, Computed }

/// <summary>Where an evaluation ran or an endpoint serves.</summary>
public enum DeploymentEnvironment { Development, Staging, Production }

public enum RunStatus { Running, Completed, Failed, Aborted }

/// <summary>Node types of the lineage graph, in upstream-to-downstream order.</summary>
public enum NodeType { DatasetVersion, TrainingRun, ModelVersion, Evaluation, Endpoint }

/// <summary>Lineage edge kinds. Edges always point in the direction data flows (upstream to downstream).</summary>
public enum EdgeKind
{
    /// <summary>Dataset version (or a base model version) → training run that read it.</summary>
    Consumed,
    /// <summary>Training run → model version (or dataset version) it wrote.</summary>
    Produced,
    /// <summary>Model version → evaluation that tested it.</summary>
    Evaluated,
    /// <summary>Dataset version → evaluation that used it as test data.</summary>
    EvaluatedOn,
    /// <summary>Model version → serving endpoint that serves it.</summary>
    DeployedAs,
}
