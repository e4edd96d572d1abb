using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>Entity type names as <see cref="Data.RegisterChange.EntityType"/> reports them, for rules' ReactsTo sets.</summary>
internal static class T
{
    public const string ModelVersion = nameof(Domain.ModelVersion);
    public const string Model = nameof(Domain.Model);
    public const string ModelVersionStage = nameof(Domain.ModelVersionStage);
    public const string LineageEdge = nameof(Domain.LineageEdge);
    public const string DatasetVersion = nameof(Domain.DatasetVersion);
    public const string TrainingRun = nameof(Domain.TrainingRun);
    public const string Evaluation = nameof(Domain.Evaluation);
    public const string ServingEndpoint = nameof(Domain.ServingEndpoint);
    public const string AiSystem = nameof(Domain.AiSystem);
    public const string DigestConflict = nameof(Inventory.DigestConflict);
    public const string PromotionRequest = nameof(Promotions.PromotionRequest);
    public const string PromotionApproval = nameof(Promotions.PromotionApproval);
    public const string PromotionPolicy = nameof(Promotions.PromotionPolicy);
    public const string AiCard = nameof(Cards.AiCard);
    public const string AiCardRevision = nameof(Cards.AiCardRevision);
    public const string ServiceIdentity = nameof(ServiceIdentities.ServiceIdentity);
    public const string ServiceIdentityUsage = nameof(ServiceIdentities.ServiceIdentityUsage);
    public const string User = nameof(Identity.ApplicationUser);

    public static HashSet<string> Set(params string[] types) => [.. types];

    public static string VersionName(string model, string version) => $"{model} v{version}";
    public static string EndpointName(string name, DeploymentEnvironment environment) => $"{name} ({environment})";
}
