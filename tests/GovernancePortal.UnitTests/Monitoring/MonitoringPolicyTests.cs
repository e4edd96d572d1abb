using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Core.Features.Promotions;

namespace GovernancePortal.UnitTests.Monitoring;

/// <summary>The policy's monitoring section (ADR 0041): parsed strictly with paths, and which threshold applies where.</summary>
public class MonitoringPolicyTests
{
    private const string Head = """
        name: High risk to Production
        riskTier: High
        stage: Production
        maxEvidenceAgeDays: 90
        evidenceEnvironments: [Staging]
        requiredApprovers: [Platform, Security, Risk]
        evidence:
          - kind: Performance

        """;

    private const string Section = """
        monitoring:
          baselineWindowHours: 48
          tolerance: 0.05
          consecutiveWindows: 4
          drift:
            ks: 0.01
            wasserstein: 0.2
          metrics:
            accuracy: { tolerance: 0.02, direction: higher_is_better }
            latency_ms: { consecutiveWindows: 6 }
          features:
            score: { wasserstein: 0.3, psiMajor: 0.4 }
        """;

    private static MonitoringSection Parse(string section) => PolicyYaml.Parse(Head + section).Value!.Monitoring!;

    private static IReadOnlyDictionary<string, string> Errors(string section) =>
        Assert.IsType<Error.Validation>(PolicyYaml.Parse(Head + section).Error).Fields;

    [Fact]
    public void Section_Parses_AndRoundTripsThroughWrite()
    {
        var m = Parse(Section);
        Assert.Equal((48.0, 0.05, 4), (m.BaselineWindowHours, m.Tolerance, m.ConsecutiveWindows));
        Assert.Equal((0.01, 0.2), (m.Drift!.Ks, m.Drift.Wasserstein));
        Assert.Equal(new MetricOverride(0.02, null, true), m.Metrics["accuracy"]);
        Assert.Equal(0.3, m.Features["score"].Wasserstein);
        var again = PolicyYaml.Parse(PolicyYaml.Write(PolicyYaml.Parse(Head + Section).Value!)).Value!.Monitoring!;
        Assert.Equal(m.Drift, again.Drift);
        Assert.Equal(m.Metrics["accuracy"], again.Metrics["accuracy"]);
        Assert.Equal(m.Metrics["latency_ms"], again.Metrics["latency_ms"]);
        Assert.Equal(m.Features["score"], again.Features["score"]);
        Assert.Equal((48.0, 0.05, 4), (again.BaselineWindowHours, again.Tolerance, again.ConsecutiveWindows));
    }

    [Fact]
    public void NoSection_IsSilent() => Assert.Null(PolicyYaml.Parse(Head).Value!.Monitoring);

    [Theory]
    [InlineData("monitoring:\n  drift:\n    ks: 1.5\n", "monitoring.drift.ks")]
    [InlineData("monitoring:\n  drift:\n    psiModerate: 0.3\n    psiMajor: 0.2\n", "monitoring.drift.psiMajor")]
    [InlineData("monitoring:\n  features:\n    score: { wasserstein: -1 }\n", "monitoring.features.score.wasserstein")]
    [InlineData("monitoring:\n  features:\n    score: { jensenshannon: 2 }\n", "monitoring.features.score.jensenshannon")]
    [InlineData("monitoring:\n  metrics:\n    accuracy: { direction: up }\n", "monitoring.metrics.accuracy.direction")]
    [InlineData("monitoring:\n  metrics:\n    accuracy: { tolerance: -0.1 }\n", "monitoring.metrics.accuracy.tolerance")]
    [InlineData("monitoring:\n  metrics:\n    accuracy: { consecutiveWindows: 0 }\n", "monitoring.metrics.accuracy.consecutiveWindows")]
    [InlineData("monitoring:\n  metrics:\n    \"bad name!\": { tolerance: 0.1 }\n", "monitoring.metrics.bad name!")]
    [InlineData("monitoring:\n  baselineWindowHours: 0\n", "monitoring.baselineWindowHours")]
    [InlineData("monitoring:\n  consecutiveWindows: 0\n", "monitoring.consecutiveWindows")]
    public void BadValue_IsAnError_NamingItsPath(string section, string path) => Assert.Contains(path, Errors(section).Keys);

    [Fact]
    public void UnknownKey_InTheSection_IsAnError_WithItsLine()
    {
        var error = Errors("monitoring:\n  drift:\n    wasserstien: 0.2\n");
        Assert.Contains("line", error["yaml"]);
    }

    private static readonly PolicyRef Policy = new(Guid.NewGuid(), "High risk to Production", 7);

    [Fact]
    public void Rules_FeatureOverride_BeatsSectionDefault_BeatsShipped_AndSayWhere()
    {
        var rules = new MonitoringRules(new MonitoringOptions(), Policy, Parse(Section));
        var score = rules.ThresholdFor("score", DriftTests.Wasserstein);
        Assert.Equal((0.3, "monitoring.features.score.wasserstein"), (score.Value, score.Origin.Path));
        Assert.Contains("version 7", score.ToString());
        var amount = rules.ThresholdFor("amount", DriftTests.Wasserstein);
        Assert.Equal((0.2, "monitoring.drift.wasserstein"), (amount.Value, amount.Origin.Path));
        var ks = rules.ThresholdFor("score", DriftTests.KolmogorovSmirnov);
        Assert.Equal((0.01, "monitoring.drift.ks"), (ks.Value, ks.Origin.Path));
        var js = rules.ThresholdFor("score", DriftTests.JensenShannon);
        Assert.Equal((0.1, null), (js.Value, js.Origin.Path));
        Assert.Contains("shipped default", js.Origin.ToString());
        Assert.Equal(0.4, rules.DriftFor("score").PsiMajor);
        Assert.Equal(0.25, rules.DriftFor("amount").PsiMajor);
        Assert.Equal(TimeSpan.FromHours(48), rules.BaselineWindow);
    }

    [Fact]
    public void Rules_Metrics_PolicyOverride_ThenSectionDefault_ThenOptions()
    {
        var options = new MonitoringOptions { MetricTolerance = 0.3, ConsecutiveWindows = 9 };
        options.Metrics["error_rate"] = new MetricRule { Tolerance = 0.5 };
        var rules = new MonitoringRules(options, Policy, Parse(Section));
        Assert.Equal(new AppliedMetricRule(0.02, 4, true, new(Policy, "monitoring.metrics.accuracy")), rules.MetricFor("accuracy"));
        Assert.Equal(new AppliedMetricRule(0.05, 6, false, new(Policy, "monitoring.metrics.latency_ms")), rules.MetricFor("latency_ms"));
        // The section's default beats the options' per-metric rule: the policy speaks, the options are only the shipped default.
        Assert.Equal(new AppliedMetricRule(0.05, 4, false, new(Policy, "monitoring")), rules.MetricFor("error_rate"));

        var silent = new MonitoringRules(options, Policy, null);
        Assert.Equal(new AppliedMetricRule(0.5, 9, false, new(Policy, null)), silent.MetricFor("error_rate"));
        Assert.Equal(new AppliedMetricRule(0.3, 9, true, new(Policy, null)), silent.MetricFor("accuracy"));
        Assert.Equal(options.BaselineWindow, silent.BaselineWindow);
        Assert.Equal(DriftThresholds.Default, silent.DriftFor("score"));
        Assert.Equal("shipped default (no policy in force)", new MonitoringRules(options, null, null).ThresholdFor("score", DriftTests.Wasserstein).Origin.ToString());
    }

    [Fact]
    public void Thresholds_For_MapsEachTestToItsNumber()
    {
        var t = new DriftThresholds(Ks: 0.01, ChiSquare: 0.02, ZTest: 0.03, Wasserstein: 0.4, JensenShannon: 0.5);
        Assert.Equal([0.01, 0.02, 0.03, 0.4, 0.5],
            new[] { DriftTests.KolmogorovSmirnov, DriftTests.ChiSquare, DriftTests.ZTest, DriftTests.Wasserstein, DriftTests.JensenShannon }.Select(t.For));
        Assert.True(DriftThresholds.IsPValueTest(DriftTests.ZTest));
        Assert.False(DriftThresholds.IsPValueTest(DriftTests.Wasserstein));
    }

    [Fact]
    public void Detector_UsesTheFeaturesThreshold_AShiftBetweenTheTwoLimitsDriftsOnlyUnderTheLowerOne()
    {
        // Normalised Wasserstein of a 0.25 sd shift on 2,000 vs 2,000 values (> 1,000: the distance decides) ≈ 0.25.
        var baseline = Samples.Sketch(Samples.Normal(3, 2_000));
        var window = Samples.Sketch(Samples.Normal(4, 2_000, 0.25));
        var rules = new MonitoringRules(new MonitoringOptions(), Policy, Parse(Section));
        Assert.True(DriftDetector.Compare("amount", baseline, window, rules.DriftFor("amount")).Drift); // 0.2
        Assert.False(DriftDetector.Compare("score", baseline, window, rules.DriftFor("score")).Drift); // 0.3
    }

    [Fact]
    public void ShippedHighProductionPolicy_SetsTheFraudScoreThreshold()
    {
        var high = PolicyService.Defaults().Select(y => PolicyYaml.Parse(y).Value!).Single(p => p.RiskTier == RiskTier.High && p.Stage == Stage.Production);
        Assert.Equal(0.2, high.Monitoring!.Features["score"].Wasserstein);
        Assert.Equal(true, high.Monitoring.Metrics["accuracy"].HigherIsBetter);
    }
}
