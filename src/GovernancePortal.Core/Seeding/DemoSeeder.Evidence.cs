using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Features.Evaluations;
using Microsoft.Extensions.DependencyInjection;
using static GovernancePortal.Core.Seeding.DemoCatalog;

namespace GovernancePortal.Core.Seeding;

public sealed partial class DemoSeeder
{
    private async Task SeedEvaluationsAsync(Dictionary<string, Guid> versions, Dictionary<string, Guid> datasets, CancellationToken ct)
    {
        var evaluations = services.GetRequiredService<EvaluationService>();
        async Task Add(string version, EvaluationKind kind, string? dataset, int daysAgo, bool passed, params (string, double)[] metrics) =>
            Ok(await evaluations.RegisterAsync(Seeder, new(
                versions[version], kind, DeploymentEnvironment.Staging, dataset is null ? null : datasets[dataset],
                metrics.ToDictionary(m => m.Item1, m => m.Item2), passed, Sha($"report:{version}:{kind}:{daysAgo}"), DaysAgo(daysAgo),
                passed ? "" : "Threshold not met; see report."), ct), $"{kind} evaluation of {version}");

        // The tabular models' bias, performance and robustness evidence is computed from sample files (DemoSeeder.Computed).
        await SeedComputedEvaluationsAsync(datasets, ct);
        await Add("credit-risk-xgb:1.1.0", EvaluationKind.SecurityScan, null, 139, true, ("critical_findings", 0), ("high_findings", 1));

        const string jailbreak = "support/jailbreak-prompts@v3";
        await Add("support-llm-ft:2025.02", EvaluationKind.Adversarial, jailbreak, 190, true, ("attack_success_rate", 0.012), ("probes", 2400));
        await Add("support-llm-ft:2025.02", EvaluationKind.Performance, "support/transcripts@2025-01", 190, true, ("answer_helpfulness", 0.81));
        await Add("support-llm-ft:2025.06", EvaluationKind.Performance, "support/transcripts@2025-01", 50, true, ("answer_helpfulness", 0.86));
        await Add("support-llm-ft:2025.06", EvaluationKind.SecurityScan, null, 49, true, ("critical_findings", 0));
        await Add("support-toxicity-guard:1.4.0", EvaluationKind.Robustness, null, 85, true, ("accuracy_drop_points", 1.2));

        const string fraud = "payments/card-transactions@2025-09";
        await Add("fraud-gbt:4.2.0", EvaluationKind.Performance, "payments/card-transactions@2025-06", 125, true, ("recall_at_1pct_fpr", 0.71));
        await Add("fraud-gbt:4.3.0", EvaluationKind.Performance, fraud, 10, true, ("recall_at_1pct_fpr", 0.76));
        await Add("marketing-propensity:2.1.0", EvaluationKind.Performance, "marketing/campaign-responses@2025-03", 65, true, ("auc", 0.74));
        // Evidence behind the demo's promotion requests (DemoSeeder.Promotions).
        await Add("fraud-gbt:4.3.0", EvaluationKind.Adversarial, fraud, 8, true, ("attack_success_rate", 0.008), ("probes", 1200));
        await Add("fraud-gbt:4.3.0", EvaluationKind.SecurityScan, null, 8, true, ("critical_findings", 0), ("high_findings", 0));
        await Add("fraud-autoencoder:1.0.0", EvaluationKind.Performance, fraud, 20, true, ("recall_at_1pct_fpr", 0.64));
        await Add("fraud-autoencoder:1.0.0", EvaluationKind.Robustness, fraud, 20, true, ("accuracy_drop_points", 3.8));
        await Add("fraud-autoencoder:1.0.0", EvaluationKind.Bias, fraud, 19, true, ("demographic_parity_difference", 0.05), ("disparate_impact_ratio", 0.9));
        await Add("marketing-propensity:2.2.0", EvaluationKind.Performance, "marketing/campaign-responses@2025-03", 4, true, ("auc", 0.77));
    }

    private async Task SeedEndpointsAsync(Dictionary<string, Guid> systems, CancellationToken ct)
    {
        var endpoints = services.GetRequiredService<EndpointService>();
        async Task Report(string name, DeploymentEnvironment env, string model, string version, string use, string? servedSha = null) =>
            Ok(await endpoints.ReportAsync(Seeder, new(name, env, $"https://{name}.{env.ToString().ToLowerInvariant()}.bank.internal/v1/predict",
                model, version, servedSha ?? Sha($"{model}:{version}"), systems[use]), ct), name);

        await Report("credit-scoring-api", DeploymentEnvironment.Production, "credit-risk-xgb", "1.1.0", "retail-credit-scoring");
        await Report("credit-scoring-api", DeploymentEnvironment.Staging, "credit-risk-xgb", "1.2.0", "retail-credit-scoring");
        await Report("support-assistant", DeploymentEnvironment.Production, "support-llm-ft", "2025.02", "customer-support-assistant");
        await Report("support-assistant", DeploymentEnvironment.Staging, "support-llm-ft", "2025.06", "customer-support-assistant");
        await Report("fraud-scoring", DeploymentEnvironment.Staging, "fraud-gbt", "4.3.0", "card-fraud-detection");
        // Production serves 4.3.0 (only approved for Staging) with a hot-fixed artifact whose digest matches nothing registered.
        await Report("fraud-scoring", DeploymentEnvironment.Production, "fraud-gbt", "4.3.0", "card-fraud-detection", Sha("fraud-gbt:4.3.0-hotfix"));
        await Report("propensity-batch", DeploymentEnvironment.Production, "marketing-propensity", "2.1.0", "marketing-propensity");
        await Report("propensity-batch", DeploymentEnvironment.Staging, "marketing-propensity", "2.2.0", "marketing-propensity");
        // Deployed by hand, never promoted: the consistency check reports an untracked promotion.
        await Report("toxicity-guard", DeploymentEnvironment.Production, "support-toxicity-guard", "1.4.0", "customer-support-assistant");
    }
}
