namespace GovernancePortal.Web.Features.Evaluations.Charts;

/// <summary>A slice of a robustness evaluation and its accuracy drop.</summary>
public sealed record SliceDrop(string Column, string Slice, double Drop);

/// <summary>
/// Clean against perturbed accuracy, the drop, the flip rate and the worst slice per column of a robustness evaluation;
/// for an imported Giskard scan, its issue counts by severity.
/// </summary>
public sealed record RobustnessFigures(double? AccuracyClean, double? AccuracyPerturbed, double? AccuracyDrop, double? AccuracyDropPoints,
    double? FlipRate, double? Rows, IReadOnlyList<SliceDrop> WorstSlices, IReadOnlyList<(string Severity, double Count)> Issues)
{
    public bool HasAccuracy => AccuracyClean is not null || AccuracyPerturbed is not null || AccuracyDropPoints is not null;

    public static RobustnessFigures From(IReadOnlyDictionary<string, double> m)
    {
        var worst = MetricNames.Suffixes(m, "worst_slice_accuracy_drop").OrderBy(c => c, StringComparer.Ordinal)
            .Select(column => MetricNames.Groups(m, "accuracy_drop").Where(g => g.Column == column)
                .Select(g => new SliceDrop(column, g.Value, m[$"accuracy_drop:{column}={g.Value}"]))
                .OrderByDescending(s => s.Drop).ThenBy(s => s.Slice, StringComparer.Ordinal).FirstOrDefault()
                ?? new SliceDrop(column, "?", m[$"worst_slice_accuracy_drop:{column}"]))
            .ToList();
        var issues = new[] { "major", "medium", "minor" }.Where(s => m.ContainsKey($"issues:{s}")).Select(s => (s, m[$"issues:{s}"])).ToList();
        return new(MetricNames.Get(m, "accuracy_clean"), MetricNames.Get(m, "accuracy_perturbed"), MetricNames.Get(m, "accuracy_drop"),
            MetricNames.Get(m, "accuracy_drop_points"), MetricNames.Get(m, "prediction_flip_rate"), MetricNames.Get(m, "rows"), worst, issues);
    }
}
