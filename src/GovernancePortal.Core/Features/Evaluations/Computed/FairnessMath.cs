namespace GovernancePortal.Core.Features.Evaluations.Computed;

public enum ParityMethod { BetweenGroups, ToOverall }
public enum OddsAggregate { WorstCase, Mean }

/// <summary>
/// Fairlearn's group-fairness definitions (fairlearn/metrics/_fairness_metrics.py, v0.12), the one place they live.
/// NaN where Fairlearn answers NaN (a ratio whose denominator is 0); callers decide what to store.
/// </summary>
public static class FairnessMath
{
    public static double Difference(IReadOnlyList<double> byGroup, double overall, ParityMethod method) => method switch
    {
        ParityMethod.BetweenGroups => byGroup.Max() - byGroup.Min(),
        _ => byGroup.Max(g => Math.Abs(g - overall)),
    };

    public static double Ratio(IReadOnlyList<double> byGroup, double overall, ParityMethod method)
    {
        if (method == ParityMethod.BetweenGroups)
        {
            var max = byGroup.Max();
            return max == 0 ? double.NaN : byGroup.Min() / max;
        }
        if (overall == 0) return double.NaN;
        // Each group's ratio to overall, folded below 1, and the worst of them.
        return byGroup.Min(g => g / overall > 1 ? overall / g : g / overall);
    }

    public static double DemographicParityDifference(IReadOnlyList<GroupCounts> groups, GroupCounts overall, ParityMethod method = ParityMethod.BetweenGroups) =>
        Difference(groups.Select(g => g.SelectionRate).ToList(), overall.SelectionRate, method);

    public static double DemographicParityRatio(IReadOnlyList<GroupCounts> groups, GroupCounts overall, ParityMethod method = ParityMethod.BetweenGroups) =>
        Ratio(groups.Select(g => g.SelectionRate).ToList(), overall.SelectionRate, method);

    public static double EqualizedOddsDifference(IReadOnlyList<GroupCounts> groups, GroupCounts overall,
        ParityMethod method = ParityMethod.BetweenGroups, OddsAggregate agg = OddsAggregate.WorstCase)
    {
        var tpr = Difference(groups.Select(g => g.TruePositiveRate).ToList(), overall.TruePositiveRate, method);
        var fpr = Difference(groups.Select(g => g.FalsePositiveRate).ToList(), overall.FalsePositiveRate, method);
        return agg == OddsAggregate.WorstCase ? Math.Max(tpr, fpr) : (tpr + fpr) / 2;
    }

    public static double EqualizedOddsRatio(IReadOnlyList<GroupCounts> groups, GroupCounts overall,
        ParityMethod method = ParityMethod.BetweenGroups, OddsAggregate agg = OddsAggregate.WorstCase)
    {
        var tpr = Ratio(groups.Select(g => g.TruePositiveRate).ToList(), overall.TruePositiveRate, method);
        var fpr = Ratio(groups.Select(g => g.FalsePositiveRate).ToList(), overall.FalsePositiveRate, method);
        // numpy's min and mean propagate NaN, and so does this.
        return agg == OddsAggregate.WorstCase ? (double.IsNaN(tpr) || double.IsNaN(fpr) ? double.NaN : Math.Min(tpr, fpr)) : (tpr + fpr) / 2;
    }

    /// <summary>
    /// AIF360's disparate impact: P(ŷ=1 | unprivileged) / P(ŷ=1 | privileged), the unprivileged being every row outside
    /// the privileged group (AIF360's reading when only the privileged group is named).
    /// </summary>
    public static double DisparateImpact(GroupCounts privileged, GroupCounts unprivileged) =>
        privileged.SelectionRate == 0 ? double.NaN : unprivileged.SelectionRate / privileged.SelectionRate;

    /// <summary>AIF360's statistical parity difference: P(ŷ=1 | unprivileged) − P(ŷ=1 | privileged).</summary>
    public static double StatisticalParityDifference(GroupCounts privileged, GroupCounts unprivileged) =>
        unprivileged.SelectionRate - privileged.SelectionRate;

    /// <summary>
    /// The EEOC four-fifths rule: violated when some group's selection rate is below 4/5 of the highest group's,
    /// i.e. when the between-groups demographic parity ratio is below 0.8.
    /// </summary>
    public static bool ViolatesFourFifths(double demographicParityRatio) => demographicParityRatio < 0.8;
}
