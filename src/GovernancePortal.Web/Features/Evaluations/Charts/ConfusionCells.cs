namespace GovernancePortal.Web.Features.Evaluations.Charts;

/// <summary>A binary confusion matrix (counts may be weighted), with each cell's share of all rows and its shade.</summary>
public sealed record ConfusionCells(double TruePositives, double FalsePositives, double TrueNegatives, double FalseNegatives)
{
    public double Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>The cell's share of all rows (0 when there are none).</summary>
    public double Share(double count) => Total == 0 ? 0 : count / Total;

    /// <summary>How dark the cell is drawn, 0.08 to 1 by its count against the largest cell, so an empty cell stays visible.</summary>
    public double Shade(double count)
    {
        var max = Math.Max(Math.Max(TruePositives, FalsePositives), Math.Max(TrueNegatives, FalseNegatives));
        return max == 0 ? 0.08 : 0.08 + 0.92 * count / max;
    }

    /// <summary>The matrix of a performance evaluation, or null when it does not report all four counts.</summary>
    public static ConfusionCells? From(IReadOnlyDictionary<string, double> m) =>
        MetricNames.Get(m, "true_positives") is { } tp && MetricNames.Get(m, "false_positives") is { } fp
        && MetricNames.Get(m, "true_negatives") is { } tn && MetricNames.Get(m, "false_negatives") is { } fn
            ? new ConfusionCells(tp, fp, tn, fn) : null;
}
