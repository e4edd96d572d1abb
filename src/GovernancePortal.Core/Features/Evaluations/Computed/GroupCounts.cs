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

    public double TrueNegative => Negatives - FalsePositive;
    public double FalseNegative => Positives - TruePositive;

    public double SelectionRate => Weight == 0 ? double.NaN : PredictedPositive / Weight;
    public double Accuracy => Weight == 0 ? double.NaN : (TruePositive + TrueNegative) / Weight;

    // Fairlearn takes the rates from sklearn's normalized confusion matrix, which turns 0/0 into 0.
    public double TruePositiveRate => Positives == 0 ? 0 : TruePositive / Positives;
    public double FalsePositiveRate => Negatives == 0 ? 0 : FalsePositive / Negatives;
}
