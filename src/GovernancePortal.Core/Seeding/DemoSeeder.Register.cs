using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.AiSystems;
using GovernancePortal.Core.Features.Datasets;
using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Runs;
using Microsoft.Extensions.DependencyInjection;
using static GovernancePortal.Core.Seeding.DemoCatalog;

namespace GovernancePortal.Core.Seeding;

public sealed partial class DemoSeeder
{
    private async Task SeedRegisterAsync(string password, CancellationToken ct)
    {
        var systemService = services.GetRequiredService<AiSystemService>();
        var systems = new Dictionary<string, Guid>();
        foreach (var s in Systems)
            systems[s.Key] = Ok(await systemService.CreateAsync(Seeder, new(s.Key, s.Name, s.Owner, s.Unit, s.Tier, s.Purpose), ct), s.Key);

        var datasetService = services.GetRequiredService<DatasetService>();
        var datasets = new Dictionary<string, Guid>();
        foreach (var d in Datasets)
            datasets[$"{d.Name}@{d.Version}"] = Ok(await datasetService.RegisterVersionAsync(Seeder, new(
                d.Ns, d.Name, d.Version, $"{d.Ns}/{d.Name}/{d.Version}", Sha($"{d.Name}@{d.Version}"), d.Rows,
                d.Schema, d.Licence, d.Pii, d.Provenance), ct), d.Name);

        var runService = services.GetRequiredService<TrainingRunService>();
        var registry = services.GetRequiredService<ModelRegistryService>();
        var versions = new Dictionary<string, Guid>();
        foreach (var v in Versions)
        {
            var started = DaysAgo(v.AgeDays + 1);
            Guid[] bases = v.BaseVersion is { } b ? [versions[$"{v.Model}:{b}"]] : [];
            var runId = Ok(await runService.RegisterAsync(Seeder, new(
                $"train-{v.Model}", Sha(v.Model + v.Version)[..12], "sha256:" + Sha("image:" + v.Framework), RunStatus.Completed,
                started, started.AddHours(3), new Dictionary<string, string> { ["learning_rate"] = "0.05", ["seed"] = "42" },
                // Newer versions train a little better, so comparing versions shows a trend.
                new Dictionary<string, double> { ["train_loss"] = Math.Round(0.18 + v.AgeDays / 2000.0, 3), ["val_auc"] = Math.Round(0.88 - v.AgeDays / 4000.0, 3) },
                [.. v.Inputs.Select(i => datasets[i])], BaseModelVersionIds: bases), ct), "run " + v.Model);
            versions[$"{v.Model}:{v.Version}"] = Ok(await registry.RegisterVersionAsync(Seeder, new(
                v.Model, v.Version, v.Framework, $"s3://model-artifacts/{v.Model}/{v.Version}/model.bin",
                Sha($"{v.Model}:{v.Version}"), 40_000_000 + v.AgeDays * 1_000_123L, v.Tags, runId), ct), v.Model);
        }

        await SeedStagesAsync(registry, systems, versions, ct);
        await SeedEvaluationsAsync(versions, datasets, ct);
        await SeedRedTeamAsync(datasets, ct);
        await SeedEndpointsAsync(systems, ct);
        await SeedMonitoringAsync(ct);
        // Cards before promotions: the gates read the published card and approvals bind to its hash.
        await SeedCardsAsync(versions, ct);
        await SeedPromotionsAsync(systems, versions, datasets, password, ct);
        await SeedAnomaliesAsync(versions, datasets, ct);
        await SeedLateCardsAsync(versions, datasets, ct);
        await SeedServiceIdentitiesAsync(ct);
        // The demo opens with its findings in place; the background runner keeps them current from here on.
        await services.GetRequiredService<Features.Findings.Engine.FindingsEngine>().EvaluateAllAsync("seed-demo", ct);
    }

    private static async Task SeedStagesAsync(ModelRegistryService registry, Dictionary<string, Guid> systems, Dictionary<string, Guid> versions, CancellationToken ct)
    {
        (string Version, string Use, Stage Stage)[] stages =
        [
            ("credit-risk-xgb:1.0.0", "retail-credit-scoring", Stage.Retired),
            ("credit-risk-xgb:1.1.0", "retail-credit-scoring", Stage.Production),
            ("credit-risk-xgb:1.2.0", "retail-credit-scoring", Stage.Staging),
            ("credit-risk-lgbm:0.9.0", "retail-credit-scoring", Stage.Development),
            ("support-llm-ft:2025.02", "customer-support-assistant", Stage.Production),
            ("support-llm-ft:2025.06", "customer-support-assistant", Stage.Staging),
            ("support-intent-classifier:3.0.1", "customer-support-assistant", Stage.Production),
            ("support-toxicity-guard:1.4.0", "customer-support-assistant", Stage.Production),
            ("fraud-gbt:4.2.0", "card-fraud-detection", Stage.Production),
            ("fraud-autoencoder:1.0.0", "card-fraud-detection", Stage.Development),
            ("marketing-propensity:2.1.0", "marketing-propensity", Stage.Production),
            ("marketing-propensity:2.2.0", "marketing-propensity", Stage.Staging),
            // The same artifact serves a second use: approved per use, not in general.
            ("fraud-gbt:4.2.0", "marketing-propensity", Stage.Development),
        ];
        foreach (var (version, use, stage) in stages)
            Ok(await registry.SetStageAsync(Seeder, versions[version], systems[use], stage, ct), version);
    }
}
