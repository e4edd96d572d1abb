using GovernancePortal.Core.Features.Promotions;

namespace GovernancePortal.Web.Features.Evaluations.Charts;

/// <summary>One group of a sensitive column: its size and rates (null when the file did not give them).</summary>
public sealed record GroupFigures(string Group, double Count, double? SelectionRate, double? TruePositiveRate, double? FalsePositiveRate,
    double? Accuracy, bool BelowMinSize);

/// <summary>A horizontal line on a rate chart where a policy threshold puts the bound for a group's rate.</summary>
public sealed record ReferenceLine(string Label, double Value);

/// <summary>A sensitive column's groups and where the policy thresholds put the selection-rate bound.</summary>
public sealed record ColumnFigures(string Column, IReadOnlyList<GroupFigures> Groups, IReadOnlyList<ReferenceLine> Lines);

/// <summary>The per-group bars of a bias evaluation, from its metrics and the thresholds of the policies that apply.</summary>
public static class BiasGroups
{
    public static IReadOnlyList<ColumnFigures> From(IReadOnlyDictionary<string, double> metrics, IEnumerable<MetricThreshold> thresholds)
    {
        var bounds = thresholds.ToList();
        return MetricNames.Groups(metrics, "count").GroupBy(g => g.Column, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(column =>
            {
                var groups = column.OrderBy(g => g.Value, StringComparer.Ordinal).Select(g => Group(metrics, g.Column, g.Value)).ToList();
                return new ColumnFigures(column.Key, groups, Lines(column.Key, groups, bounds));
            }).ToList();
    }

    private static GroupFigures Group(IReadOnlyDictionary<string, double> m, string column, string value)
    {
        var key = $"{column}={value}";
        return new GroupFigures(value, m[$"count:{key}"], MetricNames.Get(m, $"selection_rate:{key}"), MetricNames.Get(m, $"true_positive_rate:{key}"),
            MetricNames.Get(m, $"false_positive_rate:{key}"), MetricNames.Get(m, $"accuracy:{key}"), MetricNames.Get(m, $"below_min_group_size:{key}") == 1);
    }

    /// <summary>
    /// Where each parity threshold puts the lowest selection rate a group may have: a ratio bound r (parity ratio or
    /// disparate impact ratio, lowest over highest rate) at r × the highest rate, a difference bound d at the highest
    /// rate − d. Drawn only; the verdict is the policy's (<see cref="EvidenceRequirement.Verdicts"/>).
    /// </summary>
    private static List<ReferenceLine> Lines(string column, IReadOnlyList<GroupFigures> groups, List<MetricThreshold> bounds)
    {
        var rates = groups.Select(g => g.SelectionRate).OfType<double>().ToList();
        if (rates.Count == 0) return [];
        var highest = rates.Max();
        var lines = new List<ReferenceLine>();
        foreach (var name in new[] { "demographic_parity_ratio", "disparate_impact_ratio" })
            foreach (var t in MetricNames.Bounding(bounds, name, column).Where(t => t.Min is not null))
                lines.Add(new($"{name} ≥ {t.Min:0.##}: {t.Min:0.##} × highest", t.Min!.Value * highest));
        foreach (var t in MetricNames.Bounding(bounds, "demographic_parity_difference", column).Where(t => t.Max is not null))
            lines.Add(new($"demographic_parity_difference ≤ {t.Max:0.##}: highest − {t.Max:0.##}", Math.Max(0, highest - t.Max!.Value)));
        return lines.DistinctBy(l => Math.Round(l.Value, 9)).ToList();
    }
}
