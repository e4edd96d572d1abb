using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Lineage;

/// <summary>Factory for lineage edges, so every writer uses the same direction convention (upstream → downstream).</summary>
public static class Edges
{
    public static LineageEdge Consumed(Guid inputId, Guid runId, DateTime at, NodeType inputType = NodeType.DatasetVersion) =>
        new() { FromId = inputId, FromType = inputType, ToId = runId, ToType = NodeType.TrainingRun, Kind = EdgeKind.Consumed, CreatedAt = at };

    public static LineageEdge Produced(Guid runId, Guid outputId, NodeType outputType, DateTime at) =>
        new() { FromId = runId, FromType = NodeType.TrainingRun, ToId = outputId, ToType = outputType, Kind = EdgeKind.Produced, CreatedAt = at };

    public static LineageEdge Evaluated(Guid modelVersionId, Guid evaluationId, DateTime at) =>
        new() { FromId = modelVersionId, FromType = NodeType.ModelVersion, ToId = evaluationId, ToType = NodeType.Evaluation, Kind = EdgeKind.Evaluated, CreatedAt = at };

    public static LineageEdge EvaluatedOn(Guid datasetVersionId, Guid evaluationId, DateTime at) =>
        new() { FromId = datasetVersionId, FromType = NodeType.DatasetVersion, ToId = evaluationId, ToType = NodeType.Evaluation, Kind = EdgeKind.EvaluatedOn, CreatedAt = at };

    public static LineageEdge DeployedAs(Guid modelVersionId, Guid endpointId, DateTime at) =>
        new() { FromId = modelVersionId, FromType = NodeType.ModelVersion, ToId = endpointId, ToType = NodeType.Endpoint, Kind = EdgeKind.DeployedAs, CreatedAt = at };
}
