namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// The binary confusion counts of one group (or of all rows), weighted by sample weight (1 when the file has none).
/// Everything the group metrics need, so the scan keeps one of these per (sensitive column, value) and nothing per row.
/// </summary>
public sealed class GroupCounts
{
    public long Rows;
    public double Weight, PredictedPositive, TruePositive, FalsePositive, Positives, Negatives;

    public void Add(bool actual, bool predicted, double w)
    {
        Rows++;
        Weight += w;
        if (predicted) PredictedPositive += w;
        if (actual) { Positives += w; if (predicted) TruePositive += w; }
        else { Negatives += w; if (predicted) FalsePositive += w; }
    }

    /// <summary>
    /// The counts from the four confusion cells the scan keeps per group (index: 2 when actually positive, + 1 when
    /// predicted positive): rows and their summed weights.
    /// </summary>
    internal static GroupCounts FromCells(ReadOnlySpan<long> rows, ReadOnlySpan<double> weights) => new()
    {
        Rows = rows[0] + rows[1] + rows[2] + rows[3],
        Weight = weights[0] + weights[1] + weights[2] + weights[3],
        PredictedPositive = weights[1] + weights[3],
        TruePositive = weights[3],
        FalsePositive = weights[1],
        Positives = weights[2] + weights[3],
        Negatives = weights[0] + weights[1],
    };

    public double TrueNegative => Negatives - FalsePositive;
    public double FalseNegative => Positives - TruePositive;

    public double SelectionRate => Weight == 0 ? double.NaN : PredictedPositive / Weight;
    public double Accuracy => Weight == 0 ? double.NaN : (TruePositive + TrueNegative) / Weight;

    // Fairlearn takes the rates from sklearn's normalized confusion matrix, which turns 0/0 into 0.
    public double TruePositiveRate => Positives == 0 ? 0 : TruePositive / Positives;
    public double FalsePositiveRate => Negatives == 0 ? 0 : FalsePositive / Negatives;
}
