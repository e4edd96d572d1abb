using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Web.Components.Shared;

namespace GovernancePortal.Web.Features.Cards;

/// <summary>Card addresses, and where each register fact links to (the entity it came from).</summary>
public static class CardLinks
{
    public static string View(Guid versionId, int? revision = null) =>
        $"/model-versions/{versionId}/card" + (revision is { } r ? $"?revision={r}" : "");
    public static string Edit(Guid versionId) => $"/model-versions/{versionId}/card/edit";
    public static string Compare(Guid versionId, int left, int right) => $"/model-versions/{versionId}/card/compare?left={left}&right={right}";

    public static string Of(FactLine fact) => fact.Entity switch
    {
        FactEntity.AiSystem => Links.AiSystem(fact.EntityId),
        FactEntity.ModelVersion => Links.Of(NodeType.ModelVersion, fact.EntityId),
        FactEntity.TrainingRun => Links.Of(NodeType.TrainingRun, fact.EntityId),
        FactEntity.DatasetVersion => Links.Of(NodeType.DatasetVersion, fact.EntityId),
        FactEntity.Evaluation => Links.Of(NodeType.Evaluation, fact.EntityId),
        _ => Links.Of(NodeType.Endpoint, fact.EntityId),
    };
}
