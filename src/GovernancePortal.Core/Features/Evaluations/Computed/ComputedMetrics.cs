namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// Turns a scan into the flat metric map an evaluation stores. Names are Fairlearn's in snake_case; per sensitive
/// column they carry <c>:column</c>, per group <c>:column=value</c>; the bare name is the worst case over columns, so a
/// policy threshold on <c>demographic_parity_difference</c> holds for every sensitive column. Metrics Fairlearn
/// answers with NaN (a ratio over a zero rate) are left out rather than stored as a number they are not.
/// </summary>
public static class ComputedMetrics
{
    public static SortedDictionary<string, double> Bias(PredictionsScan scan, PredictionsOptions options)
    {
        var m = new SortedDictionary<string, double>(StringComparer.Ordinal);
        m["count"] = scan.Overall.Rows;
        m["selection_rate"] = scan.Overall.SelectionRate;
        double worstDpd = double.NegativeInfinity, worstDpr = double.PositiveInfinity, worstEod = double.NegativeInfinity, worstEor = double.PositiveInfinity;
        foreach (var (column, byValue) in scan.Columns)
        {
            var small = 0;
            foreach (var (value, g) in byValue)
            {
                var key = $"{column}={value}";
                m[$"count:{key}"] = g.Rows;
                m[$"selection_rate:{key}"] = g.SelectionRate;
                m[$"accuracy:{key}"] = g.Accuracy;
                m[$"true_positive_rate:{key}"] = g.TruePositiveRate;
                m[$"false_positive_rate:{key}"] = g.FalsePositiveRate;
                // Flagged, never dropped: a small group still counts in every difference and ratio.
                var isSmall = g.Rows < options.MinGroupSize;
                m[$"below_min_group_size:{key}"] = isSmall ? 1 : 0;
                if (isSmall) small++;
            }
            m[$"groups_below_min_group_size:{column}"] = small;

            var groups = byValue.Values.ToList();
            var dpd = FairnessMath.DemographicParityDifference(groups, scan.Overall);
            var dpr = FairnessMath.DemographicParityRatio(groups, scan.Overall);
            var eod = FairnessMath.EqualizedOddsDifference(groups, scan.Overall);
            var eor = FairnessMath.EqualizedOddsRatio(groups, scan.Overall);
            m[$"demographic_parity_difference:{column}"] = dpd;
            m[$"demographic_parity_ratio:{column}"] = dpr;
            m[$"equalized_odds_difference:{column}"] = eod;
            m[$"equalized_odds_ratio:{column}"] = eor;
            // The four-fifths rule's impact ratio (lowest over highest selection rate), under the name the shipped policies use.
            m[$"disparate_impact_ratio:{column}"] = dpr;
            m[$"four_fifths_rule_violated:{column}"] = double.IsNaN(dpr) ? double.NaN : FairnessMath.ViolatesFourFifths(dpr) ? 1 : 0;
            worstDpd = Math.Max(worstDpd, dpd);
            worstEod = Math.Max(worstEod, eod);
            worstDpr = double.IsNaN(dpr) || double.IsNaN(worstDpr) ? double.NaN : Math.Min(worstDpr, dpr);
            worstEor = double.IsNaN(eor) || double.IsNaN(worstEor) ? double.NaN : Math.Min(worstEor, eor);

            if (options.Privileged.TryGetValue(column, out var privilegedValue) && byValue.TryGetValue(privilegedValue, out var privileged))
            {
                var unprivileged = Complement(scan.Overall, privileged);
                m[$"disparate_impact:{column}"] = FairnessMath.DisparateImpact(privileged, unprivileged);
                m[$"statistical_parity_difference:{column}"] = FairnessMath.StatisticalParityDifference(privileged, unprivileged);
            }
        }
        if (scan.Columns.Count > 0)
        {
            m["demographic_parity_difference"] = worstDpd;
            m["demographic_parity_ratio"] = worstDpr;
            m["disparate_impact_ratio"] = worstDpr;
            m["equalized_odds_difference"] = worstEod;
            m["equalized_odds_ratio"] = worstEor;
        }
        return Finite(m);
    }

    /// <summary>Confusion-matrix metrics and ROC AUC. Sorts the scan's score pairs in place (see <see cref="PredictionsScan.Scores"/>).</summary>
    public static SortedDictionary<string, double> Performance(PredictionsScan scan)
    {
        var o = scan.Overall;
        var precision = o.PredictedPositive == 0 ? 0 : o.TruePositive / o.PredictedPositive;
        var recall = o.TruePositiveRate;
        var m = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["count"] = o.Rows,
            ["accuracy"] = o.Accuracy,
            // sklearn's zero_division default: an undefined precision, recall or F1 is 0.
            ["precision"] = precision,
            ["recall"] = recall,
            ["f1"] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
            ["true_positives"] = o.TruePositive,
            ["false_positives"] = o.FalsePositive,
            ["true_negatives"] = o.TrueNegative,
            ["false_negatives"] = o.FalseNegative,
        };
        // Weighted AUC is not implemented: with a weight column the AUC is left out rather than computed unweighted.
        if (scan.HasScores && !scan.Weighted)
            m["roc_auc"] = RocAuc.Compute(scan.Scores, scan.ScoreIsPositive, scan.ScoreCount);
        return Finite(m);
    }

    private static GroupCounts Complement(GroupCounts all, GroupCounts part) => new()
    {
        Rows = all.Rows - part.Rows,
        Weight = all.Weight - part.Weight,
        PredictedPositive = all.PredictedPositive - part.PredictedPositive,
        TruePositive = all.TruePositive - part.TruePositive,
        FalsePositive = all.FalsePositive - part.FalsePositive,
        Positives = all.Positives - part.Positives,
        Negatives = all.Negatives - part.Negatives,
    };

    private static SortedDictionary<string, double> Finite(SortedDictionary<string, double> m)
    {
        foreach (var key in m.Where(kv => !double.IsFinite(kv.Value)).Select(kv => kv.Key).ToList()) m.Remove(key);
        return m;
    }
}
