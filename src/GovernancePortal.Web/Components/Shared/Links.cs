using GovernancePortal.Core.Domain;

namespace GovernancePortal.Web.Components.Shared;

/// <summary>Detail-page addresses, in one place so lineage links and grids agree.</summary>
public static class Links
{
    public static string Of(NodeType type, Guid id) => type switch
    {
        NodeType.DatasetVersion => $"/dataset-versions/{id}",
        NodeType.TrainingRun => $"/runs/{id}",
        NodeType.ModelVersion => $"/model-versions/{id}",
        NodeType.Evaluation => $"/evaluations/{id}",
        _ => $"/endpoints/{id}",
    };

    /// <summary>The page of a finding's entity (<see cref="Core.Features.Findings.FindingEntity"/> names).</summary>
    public static string Of(string entityType, Guid id) => entityType switch
    {
        Core.Features.Findings.FindingEntity.ServiceIdentity => "/admin/service-identities",
        Core.Features.Findings.FindingEntity.Webhook => "/admin/webhooks",
        _ => Enum.TryParse<NodeType>(entityType, out var type) ? Of(type, id) : "/findings",
    };

    public static string Model(Guid id) => $"/models/{id}";

    /// <summary>Where an audit line's subject lives.</summary>
    public static string Of(Core.Audit.AuditSubject s) => s.Kind switch
    {
        Core.Audit.SubjectKind.DatasetVersion => Of(NodeType.DatasetVersion, s.Id),
        Core.Audit.SubjectKind.TrainingRun => Of(NodeType.TrainingRun, s.Id),
        Core.Audit.SubjectKind.ModelVersion => Of(NodeType.ModelVersion, s.Id),
        Core.Audit.SubjectKind.Evaluation => Of(NodeType.Evaluation, s.Id),
        Core.Audit.SubjectKind.Endpoint => Of(NodeType.Endpoint, s.Id),
        Core.Audit.SubjectKind.Model => Model(s.Id),
        Core.Audit.SubjectKind.AiSystem => AiSystem(s.Id),
        Core.Audit.SubjectKind.Promotion => $"/promotions/{s.Id}",
        Core.Audit.SubjectKind.Card => $"/model-versions/{s.Id}/card",
        Core.Audit.SubjectKind.ServiceIdentity => "/admin/service-identities",
        _ => "/datasets",
    };
    public static string AiSystem(Guid id) => $"/ai-systems/{id}";

    public static string Icon(NodeType type) => type switch
    {
        NodeType.DatasetVersion => MudBlazor.Icons.Material.Filled.Storage,
        NodeType.TrainingRun => MudBlazor.Icons.Material.Filled.PlayCircle,
        NodeType.ModelVersion => MudBlazor.Icons.Material.Filled.ModelTraining,
        NodeType.Evaluation => MudBlazor.Icons.Material.Filled.FactCheck,
        _ => MudBlazor.Icons.Material.Filled.Dns,
    };
}
