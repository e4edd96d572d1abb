using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Web.Features.Evaluations.Charts;

namespace GovernancePortal.ComponentTests.Evaluations;

/// <summary>The chart data the evaluation page draws, read from the metric names of computed evidence.</summary>
public class ChartDataTests
{
    private static Dictionary<string, double> Bias() => new()
    {
        ["count:gender=F"] = 40, ["selection_rate:gender=F"] = 0.3, ["true_positive_rate:gender=F"] = 0.5, ["false_positive_rate:gender=F"] = 0.1,
        ["accuracy:gender=F"] = 0.8, ["below_min_group_size:gender=F"] = 0,
        ["count:gender=M"] = 12, ["selection_rate:gender=M"] = 0.6, ["true_positive_rate:gender=M"] = 0.7, ["false_positive_rate:gender=M"] = 0.4,
        ["accuracy:gender=M"] = 0.75, ["below_min_group_size:gender=M"] = 1,
        ["count:age_band=old"] = 30, ["selection_rate:age_band=old"] = 0.5,
        ["demographic_parity_ratio:gender"] = 0.5, ["demographic_parity_difference:gender"] = 0.3, ["demographic_parity_ratio"] = 0.5,
    };

    [Fact]
    public void BiasGroups_OneFigurePerColumnAndGroup_SmallGroupsFlagged()
    {
        var columns = BiasGroups.From(Bias(), []);

        Assert.Equal(["age_band", "gender"], columns.Select(c => c.Column));
        var gender = columns[1];
        Assert.Equal(["F", "M"], gender.Groups.Select(g => g.Group));
        Assert.Equal(new GroupFigures("M", 12, 0.6, 0.7, 0.4, 0.75, true), gender.Groups[1]);
        Assert.False(gender.Groups[0].BelowMinSize);
        Assert.Null(columns[0].Groups[0].TruePositiveRate);
        Assert.Empty(gender.Lines);
    }

    [Fact]
    public void BiasGroups_RatioAndDifferenceThresholds_DrawnRelativeToTheHighestRate()
    {
        MetricThreshold[] thresholds = [new("disparate_impact_ratio", 0.8, null), new("demographic_parity_difference:gender", null, 0.1),
            new("demographic_parity_difference:age_band", null, 0.05), new("accuracy", 0.9, null)];

        var gender = BiasGroups.From(Bias(), thresholds).Single(c => c.Column == "gender");

        // Highest selection rate 0.6: a ratio of 0.8 bounds the lowest at 0.48, a difference of 0.1 at 0.5; other columns' bounds do not apply.
        Assert.Equal([0.48, 0.5], gender.Lines.Select(l => Math.Round(l.Value, 12)));
        Assert.Contains("disparate_impact_ratio ≥ 0.8", gender.Lines[0].Label);
    }

    [Fact]
    public void ConfusionCells_SharesAndShades_NullWithoutAllFourCounts()
    {
        var cells = ConfusionCells.From(new Dictionary<string, double> { ["true_positives"] = 30, ["false_positives"] = 10, ["true_negatives"] = 60, ["false_negatives"] = 0 })!;

        Assert.Equal(100, cells.Total);
        Assert.Equal(0.3, cells.Share(cells.TruePositives));
        Assert.Equal(1, cells.Shade(60));
        Assert.Equal(0.08, cells.Shade(0));
        Assert.Null(ConfusionCells.From(new Dictionary<string, double> { ["true_positives"] = 1, ["false_positives"] = 1, ["true_negatives"] = 1 }));
    }

    [Fact]
    public void ProbeRates_PerProbeNotPerDetector_WithIntervalsAndOverall()
    {
        var rates = ProbeRates.From(new Dictionary<string, double>
        {
            ["attack_success_rate"] = 0.1, ["attack_success_rate_ci_low"] = 0.05, ["attack_success_rate_ci_high"] = 0.18, ["attempts"] = 100, ["attacks_succeeded"] = 10,
            ["attack_success_rate:dan.Dan_11_0"] = 0.2, ["attack_success_rate_ci_low:dan.Dan_11_0"] = 0.1, ["attack_success_rate_ci_high:dan.Dan_11_0"] = 0.35,
            ["attempts:dan.Dan_11_0"] = 40,
            ["attack_success_rate:dan.Dan_11_0/dan.DAN"] = 0.25,
            ["attack_success_rate:encoding.InjectBase64"] = 0,
        });

        Assert.Equal(["dan.Dan_11_0", "encoding.InjectBase64"], rates.Probes.Select(p => p.Probe));
        Assert.Equal(new ProbeRate("dan.Dan_11_0", 0.2, 0.1, 0.35, 40, null), rates.Probes[0]);
        Assert.Null(rates.Probes[1].Low);
        Assert.Equal(new ProbeRate("overall", 0.1, 0.05, 0.18, 100, 10), rates.Overall);
        Assert.False(ProbeRates.From(new Dictionary<string, double> { ["accuracy"] = 1 }).Any);
    }

    [Fact]
    public void RobustnessFigures_WorstSlicePerColumn_AndGiskardIssues()
    {
        var figures = RobustnessFigures.From(new Dictionary<string, double>
        {
            ["accuracy_clean"] = 0.9, ["accuracy_perturbed"] = 0.84, ["accuracy_drop"] = 0.06, ["accuracy_drop_points"] = 6, ["prediction_flip_rate"] = 0.08, ["rows"] = 500,
            ["accuracy_drop:region=north"] = 0.02, ["accuracy_drop:region=south"] = 0.11, ["worst_slice_accuracy_drop:region"] = 0.11,
            ["issues"] = 3, ["issues:major"] = 1, ["issues:minor"] = 2,
        });

        Assert.True(figures.HasAccuracy);
        Assert.Equal(6, figures.AccuracyDropPoints);
        Assert.Equal(new SliceDrop("region", "south", 0.11), Assert.Single(figures.WorstSlices));
        Assert.Equal([("major", 1.0), ("minor", 2.0)], figures.Issues);
    }

    private static VersionMetrics V(string version, params (string, double)[] metrics) =>
        new(Guid.NewGuid(), version, metrics.ToDictionary(m => m.Item1, m => m.Item2));

    [Fact]
    public void VersionComparison_PolicyDirectionMarksTheBetterVersion()
    {
        VersionMetrics[] versions =
        [
            V("1.9", ("demographic_parity_ratio:gender", 0.72), ("demographic_parity_difference:gender", 0.14), ("demographic_parity_difference", 0.14)),
            V("2.0", ("demographic_parity_ratio:gender", 0.91), ("demographic_parity_difference:gender", 0.05), ("demographic_parity_difference", 0.05)),
        ];

        var comparison = VersionComparison.From(EvaluationKind.Bias, versions, [new MetricThreshold("demographic_parity_difference", null, 0.1)]);

        var bare = comparison.Rows.Single(r => r.Metric == "demographic_parity_difference");
        Assert.Equal((Better.Lower, true, 1), (bare.Direction, bare.FromPolicy, bare.BestIndex));
        // The bare threshold bounds every column, so the per-column difference takes the policy's direction too.
        var perColumn = comparison.Rows.Single(r => r.Metric == "demographic_parity_difference:gender");
        Assert.Equal((Better.Lower, true, 1), (perColumn.Direction, perColumn.FromPolicy, perColumn.BestIndex));
        var ratio = comparison.Rows.Single(r => r.Metric == "demographic_parity_ratio:gender");
        Assert.Equal((Better.Higher, false, 1), (ratio.Direction, ratio.FromPolicy, ratio.BestIndex));
    }

    [Fact]
    public void VersionComparison_MinimumMeansHigher_EqualValuesHaveNoBetter()
    {
        VersionMetrics[] versions = [V("1", ("attack_success_rate", 0.3), ("accuracy", 0.8)), V("2", ("attack_success_rate", 0.3), ("accuracy", 0.7))];

        var rows = VersionComparison.From(EvaluationKind.Performance, versions, [new MetricThreshold("attack_success_rate", 0.1, null)]).Rows;

        var asr = rows.Single(r => r.Metric == "attack_success_rate");
        Assert.Equal((Better.Higher, (int?)null), (asr.Direction, asr.BestIndex));
        Assert.Equal(0, rows.Single(r => r.Metric == "accuracy").BestIndex);
    }

    [Fact]
    public void VersionComparison_OfKind_TakesThatKindsMetricsAndSkipsVersionsWithout()
    {
        var a = Guid.NewGuid();
        var comparison = new ModelComparison(
        [
            new ComparedVersion(a, "1.0", DateTime.UnixEpoch, new Dictionary<string, double> { ["Bias · demographic_parity_ratio"] = 0.7, ["Performance · accuracy"] = 0.9 }, new HashSet<string>()),
            new ComparedVersion(Guid.NewGuid(), "1.1", DateTime.UnixEpoch, new Dictionary<string, double> { ["Performance · accuracy"] = 0.91 }, new HashSet<string>()),
        ], []);

        var versions = VersionComparison.OfKind(comparison, EvaluationKind.Bias);

        var only = Assert.Single(versions);
        Assert.Equal(a, only.VersionId);
        Assert.Equal(new Dictionary<string, double> { ["demographic_parity_ratio"] = 0.7 }, only.Metrics);
    }

    [Fact]
    public void UploadParameters_FlatValuesArraysAndObjectsPrinted_BadJsonShownAsIs()
    {
        var read = UploadParameters.Read("""{"LabelColumn":"label","SensitiveColumns":["gender","age"],"PrivilegedGroups":{"gender":"M"},"MinGroupSize":30,"ScoreColumn":null,"Weights":[]}""");

        Assert.Equal([("LabelColumn", "label"), ("SensitiveColumns", "gender, age"), ("PrivilegedGroups", "gender=M"), ("MinGroupSize", "30")], read);
        Assert.Equal([("parameters", "{oops")], UploadParameters.Read("{oops"));
    }
}
