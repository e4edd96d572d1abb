using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Findings.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovernancePortal.Core.Features.Findings;

public static class FindingsServiceCollectionExtensions
{
    /// <summary>The register-changed signal, its one background runner, the engine and every rule.</summary>
    public static IServiceCollection AddFindings(this IServiceCollection services)
    {
        services.AddSingleton<RegisterSignal>();
        services.TryAddSingleton<IRunnerLease, InProcessRunnerLease>();
        services.AddOptions<RegisterChangeOptions>().BindConfiguration(RegisterChangeOptions.Section);
        services.AddHostedService<RegisterChangeRunner>();
        // Consumers run in this order: findings first, so revalidation sees the findings the same changes raised.
        services.AddSingleton<IRegisterChangeConsumer, FindingsConsumer>();

        // The rules. A new signal is one more line here, one class and its tests.
        services.AddSingleton<IFindingRule, UntrackedPromotionRule>();
        services.AddSingleton<IFindingRule, ModelVersionWithoutRunRule>();
        services.AddSingleton<IFindingRule, RunConsumedUnregisteredDatasetRule>();
        services.AddSingleton<IFindingRule, DigestConflictRule>();
        services.AddSingleton<IFindingRule, DeploymentServesUnregisteredDigestRule>();
        services.AddSingleton<IFindingRule, LineageCycleRule>();
        services.AddSingleton<IFindingRule, EvaluationOfChangedDigestRule>();
        services.AddSingleton<IFindingRule, MissingEvidenceRule>();
        services.AddSingleton<IFindingRule, ServiceIdentityRule>();
        services.AddSingleton<IFindingRule, CardDriftRule>();
        services.AddSingleton<IFindingRule, WebhookDisabledRule>();
        services.AddSingleton<IFindingRule, ProductionDivergenceRule>();
        services.AddScoped<FindingsEngine>();
        services.AddScoped<FindingsService>();
        return services;
    }
}
