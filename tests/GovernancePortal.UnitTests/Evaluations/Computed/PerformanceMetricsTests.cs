using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

public class PerformanceMetricsTests
{
    [Fact]
    public void ConfusionMatrix_AndTheScoresDerivedFromIt()
    {
        // TP 3, FN 1, FP 2, TN 4.
        var rows = "y,p\n" + string.Concat(Enumerable.Repeat("1,1\n", 3)) + "1,0\n" + string.Concat(Enumerable.Repeat("0,1\n", 2)) + string.Concat(Enumerable.Repeat("0,0\n", 4));
        var m = ComputedMetrics.Performance(Csv.Scan(rows, new PredictionsOptions("y", "p")));
        Assert.Equal((3, 1, 2, 4), ((int)m["true_positives"], (int)m["false_negatives"], (int)m["false_positives"], (int)m["true_negatives"]));
        Assert.Equal(0.7, m["accuracy"], 12);
        Assert.Equal(0.6, m["precision"], 12);
        Assert.Equal(0.75, m["recall"], 12);
        Assert.Equal(2 * 0.6 * 0.75 / 1.35, m["f1"], 12);
        Assert.False(m.ContainsKey("roc_auc"));
    }

    [Fact]
    public void RocAuc_MatchesSklearn_IncludingTies()
    {
        // sklearn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        var m = ComputedMetrics.Performance(Csv.Scan("y,p,s\n0,0,0.1\n0,1,0.4\n1,0,0.35\n1,1,0.8\n", new PredictionsOptions("y", "p", "s")));
        Assert.Equal(0.75, m["roc_auc"], 12);
        // A tie between a positive and a negative counts one half: roc_auc_score([0, 1, 0, 1], [0.2, 0.5, 0.5, 0.9]) == 0.875
        var tied = ComputedMetrics.Performance(Csv.Scan("y,p,s\n0,0,0.2\n1,1,0.5\n0,1,0.5\n1,1,0.9\n", new PredictionsOptions("y", "p", "s")));
        Assert.Equal(0.875, tied["roc_auc"], 12);
    }

    [Fact]
    public void Performance_SortsTheScoresInPlace_KeepingEachScoreWithItsLabel_SoASecondRunAgrees()
    {
        var scan = Csv.Scan("y,p,s\n1,1,0.9\n0,0,0.1\n1,0,0.35\n0,1,0.4\n", new PredictionsOptions("y", "p", "s"));
        var pairs = Pairs(scan);

        var first = ComputedMetrics.Performance(scan);

        Assert.Equal([0.1, 0.35, 0.4, 0.9], scan.Scores.Take(scan.ScoreCount));
        Assert.Equal(pairs.Order(), Pairs(scan).Order());
        Assert.Equal(first["roc_auc"], ComputedMetrics.Performance(scan)["roc_auc"], 12);
        Assert.Equal(0.75, first["roc_auc"], 12);
    }

    private static List<(double, bool)> Pairs(PredictionsScan scan) =>
        Enumerable.Range(0, scan.ScoreCount).Select(i => (scan.Scores[i], scan.ScoreIsPositive[i])).ToList();

    [Fact]
    public void RocAuc_GrowsItsArrays_PastTheFirstBuffer()
    {
        var rows = "y,p,s\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i % 2},{i % 2},{(i % 2 == 1 ? 0.9 : 0.1) + i * 1e-6}\n"));
        Assert.Equal(1, ComputedMetrics.Performance(Csv.Scan(rows, new PredictionsOptions("y", "p", "s")))["roc_auc"], 12);
    }
}
