using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Seeding;

namespace GovernancePortal.UnitTests.Seeding;

public class DemoSamplesTests
{
    [Fact]
    public void CommittedSamples_AreWhatTheGeneratorWrites()
    {
        var generated = DemoSamples.Generate();
        Assert.Equal(8, generated.Count);
        foreach (var sample in generated)
        {
            using var reader = new StreamReader(DemoSamples.Open(sample.FileName));
            // Byte for byte (as text): a changed generator needs `generate-samples` and a commit of the files.
            Assert.True(sample.Content == reader.ReadToEnd(), $"{sample.FileName} differs from the generator's output; run generate-samples.");
        }
    }

    [Fact]
    public void Generator_IsDeterministic() =>
        Assert.Equal(DemoSamples.Generate().Select(s => s.Content), DemoSamples.Generate().Select(s => s.Content));

    [Fact]
    public void Samples_GiveTheRoundNumbersTheDemoTells()
    {
        PredictionsScan Scan(string file)
        {
            using var stream = DemoSamples.Open(file);
            Assert.Null(PredictionsScanner.Scan(stream, Options, out var scan));
            return scan!;
        }
        var rejected = ComputedMetrics.Bias(Scan("credit-risk-xgb-1.2.0.csv"), Options);
        Assert.Equal(0.14, rejected["demographic_parity_difference"], 9);
        Assert.Equal(0.72, rejected["disparate_impact_ratio"], 9);
        var failing = ComputedMetrics.Bias(Scan("credit-risk-lgbm-0.9.0.csv"), Options);
        Assert.Equal(0.76, failing["disparate_impact_ratio"], 9);

        using var clean = DemoSamples.Open("credit-risk-xgb-1.1.0.csv");
        using var perturbed = DemoSamples.Open("credit-risk-xgb-1.1.0-perturbed.csv");
        Assert.Null(RobustnessJoin.Join(clean, "c", perturbed, "p", new("app_id", "label", "prediction", "age_band"), out var join));
        Assert.Equal(2.4, RobustnessMetrics.Of(join!)["accuracy_drop_points"], 9);
    }

    private static readonly PredictionsOptions Options = new("label", "prediction", "score", SensitiveColumns: ["age_band"]);
}
