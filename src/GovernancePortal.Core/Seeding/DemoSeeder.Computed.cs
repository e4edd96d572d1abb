using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Seeding;

/// <summary>
/// The demo's tabular bias, performance and robustness evidence, computed from the sample files (<see cref="DemoSamples"/>)
/// through <see cref="ComputedEvaluationService"/>, the code path the upload API takes. credit-risk-lgbm 0.9.0 is the
/// model whose computed bias evidence fails its gate (under-25 selection rate 0.38 against 0.50: impact ratio 0.76);
/// credit-risk-xgb 1.2.0's fails too, as the rejection of its request says.
/// </summary>
public sealed partial class DemoSeeder
{
    private async Task SeedComputedEvaluationsAsync(Dictionary<string, Guid> datasets, CancellationToken ct)
    {
        var computed = services.GetRequiredService<ComputedEvaluationService>();

        async Task Predictions(string model, string version, EvaluationKind kind, string dataset, int daysAgo)
        {
            var (column, privileged) = DemoSamples.Sensitive(model);
            var file = DemoSamples.PredictionsFile(model, version);
            var options = kind == EvaluationKind.Bias
                ? new PredictionsOptions("label", "prediction", "score", SensitiveColumns: [column], PrivilegedGroups: new Dictionary<string, string> { [column] = privileged })
                : new PredictionsOptions("label", "prediction", "score");
            await using var stream = DemoSamples.Open(file);
            Ok(await computed.ComputeAsync(Seeder, new ComputeEvaluation(model, version, kind, DeploymentEnvironment.Staging, datasets[dataset], file, options,
                DaysAgo(daysAgo)), stream, ct), $"computed {kind} evaluation of {model} {version}");
        }

        async Task Robustness(string model, string version, string dataset, int daysAgo, string perturbation)
        {
            var (column, _) = DemoSamples.Sensitive(model);
            var (cleanFile, perturbedFile) = (DemoSamples.PredictionsFile(model, version), DemoSamples.PerturbedFile(model, version));
            await using var clean = DemoSamples.Open(cleanFile);
            await using var perturbed = DemoSamples.Open(perturbedFile);
            Ok(await computed.ComputeRobustnessAsync(Seeder, new ComputeRobustness(model, version, DeploymentEnvironment.Staging, datasets[dataset],
                RobustnessFormat.Csv, cleanFile, perturbedFile, perturbation, new RobustnessColumns(DemoSamples.RowId(model), "label", "prediction", column),
                DaysAgo(daysAgo)), clean, perturbed, ct), $"computed robustness evaluation of {model} {version}");
        }

        const string holdout = "credit/holdout@2025-Q2";
        const string noise = "Gaussian noise (sigma = 5 % of the feature's standard deviation) on income and loan amount";
        await Predictions("credit-risk-xgb", "1.1.0", EvaluationKind.Performance, holdout, 140);
        await Predictions("credit-risk-xgb", "1.1.0", EvaluationKind.Bias, holdout, 140);
        await Robustness("credit-risk-xgb", "1.1.0", holdout, 139, noise);
        await Predictions("credit-risk-xgb", "1.2.0", EvaluationKind.Performance, holdout, 12);
        // Fails the fairness thresholds (parity difference 0.14 > 0.10, impact ratio 0.72 < 0.80): the gate stops it.
        await Predictions("credit-risk-xgb", "1.2.0", EvaluationKind.Bias, holdout, 12);
        await Robustness("credit-risk-xgb", "1.2.0", holdout, 11, noise);
        await Predictions("credit-risk-lgbm", "0.9.0", EvaluationKind.Performance, holdout, 30);
        await Predictions("credit-risk-lgbm", "0.9.0", EvaluationKind.Bias, holdout, 30);

        const string fraud = "payments/card-transactions@2025-09";
        await Robustness("fraud-gbt", "4.3.0", fraud, 10, "Amounts rounded to whole euros and merchant category codes dropped for 10 % of transactions");
        await Predictions("fraud-gbt", "4.3.0", EvaluationKind.Bias, fraud, 9);
        await Predictions("marketing-propensity", "2.2.0", EvaluationKind.Bias, "marketing/campaign-responses@2025-03", 4);
    }
}
