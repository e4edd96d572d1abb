using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;

namespace GovernancePortal.UnitTests.Promotions;

/// <summary>The per-metric verdicts the evaluation page lists, and that <see cref="EvidenceRequirement.Unmet"/> reads.</summary>
public class MetricVerdictTests
{
    private static readonly EvidenceRequirement Bias = new(EvaluationKind.Bias, null,
        [new MetricThreshold("demographic_parity_difference", null, 0.10), new MetricThreshold("disparate_impact_ratio", 0.80, null),
         new MetricThreshold("equalized_odds_difference", null, 0.2)]);

    [Fact]
    public void Verdicts_OnePerThresholdInPolicyOrder_WithValueAndMet()
    {
        var metrics = new Dictionary<string, double> { ["demographic_parity_difference"] = 0.12, ["disparate_impact_ratio"] = 0.8 };

        var verdicts = Bias.Verdicts(metrics);

        Assert.Equal(["demographic_parity_difference", "disparate_impact_ratio", "equalized_odds_difference"], verdicts.Select(v => v.Metric));
        Assert.Equal([0.12, 0.8, null], verdicts.Select(v => v.Value));
        Assert.Equal([false, true, false], verdicts.Select(v => v.Met));
        Assert.Equal("demographic_parity_difference = 0.12 does not meet demographic_parity_difference <= 0.1", verdicts[0].Reason);
        Assert.Null(verdicts[1].Reason);
        Assert.Equal("equalized_odds_difference is not reported", verdicts[2].Reason);
    }

    [Fact]
    public void Unmet_IsTheReasonsOfTheFailedVerdicts()
    {
        var metrics = new Dictionary<string, double> { ["demographic_parity_difference"] = 0.05, ["disparate_impact_ratio"] = 0.5, ["equalized_odds_difference"] = 0.1 };

        Assert.Equal(Bias.Verdicts(metrics).Where(v => !v.Met).Select(v => v.Reason), Bias.Unmet(metrics, EvaluationSource.Reported));
        Assert.Equal(["disparate_impact_ratio = 0.5 does not meet disparate_impact_ratio >= 0.8"], Bias.Unmet(metrics, EvaluationSource.Reported));
    }

    [Fact]
    public void Verdicts_NoThresholds_Empty() =>
        Assert.Empty(new EvidenceRequirement(EvaluationKind.Performance, null, []).Verdicts(new Dictionary<string, double> { ["accuracy"] = 0.9 }));
}
