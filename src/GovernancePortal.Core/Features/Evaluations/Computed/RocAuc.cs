namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// Exact ROC AUC as sklearn's <c>roc_auc_score</c> (unweighted): the Mann–Whitney rank statistic with tied scores
/// sharing their average rank. Sorts the arrays it is given in place.
/// </summary>
public static class RocAuc
{
    /// <summary>NaN when only one class is present (sklearn raises there).</summary>
    public static double Compute(double[] scores, bool[] positive, int count)
    {
        Array.Sort(scores, positive, 0, count);
        long positives = 0;
        double rankSumOfPositives = 0;
        for (var i = 0; i < count;)
        {
            var j = i;
            long positivesInTie = 0;
            while (j < count && scores[j] == scores[i]) { if (positive[j]) positivesInTie++; j++; }
            // Ranks i+1 .. j share their average.
            rankSumOfPositives += positivesInTie * ((i + 1 + j) / 2.0);
            positives += positivesInTie;
            i = j;
        }
        long negatives = count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSumOfPositives - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
