using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>One feature's verdict over the sliding window.</summary>
public sealed record FeatureDrift(DriftVerdict Verdict, DateTime From, DateTime To);

/// <summary>
/// One metric against its baseline: the last <see cref="Windows"/> observed windows (newest first) and whether all of
/// the last <c>ConsecutiveWindows</c> were worse than the baseline by more than the tolerance.
/// </summary>
public sealed record MetricDivergence(
    string Metric, MetricBaseline Baseline, double Tolerance, bool HigherIsBetter, int ConsecutiveWindows,
    IReadOnlyList<(DateTime Start, double Value)> Windows, int WorseInARow, bool Diverging)
{
    /// <summary>The edge of the tolerated band: values beyond it are "worse".</summary>
    public double Limit => HigherIsBetter ? Baseline.Value - Tolerance * Math.Abs(Baseline.Value) : Baseline.Value + Tolerance * Math.Abs(Baseline.Value);
}

public sealed record EndpointDrift(Guid EndpointId, BaselineSource Baseline, DateTime From, DateTime To,
    IReadOnlyList<FeatureDrift> Features, IReadOnlyList<MetricDivergence> Metrics)
{
    public bool Drifting => Features.Any(f => f.Verdict.Drift) || Metrics.Any(m => m.Diverging);
}

/// <summary>
/// The one owner of "does this production endpoint still behave like staging": the findings rule, the drift API and
/// the monitoring page all ask here. Distributions: <see cref="DriftDetector.Compare"/> of the baseline against the
/// production window <see cref="MonitoringOptions.SlidingWindow"/> ending at its newest distribution. Metrics: <see cref="MetricDivergence"/>.
/// </summary>
public static class DriftEvaluation
{
    /// <summary>How far back a metric's consecutive windows are looked for (labels arrive late; older ones are stale).</summary>
    public static readonly TimeSpan MetricLookback = TimeSpan.FromHours(24);

    public static async Task<EndpointDrift> EvaluateAsync(GovernanceDbContext db, Guid endpointId, DateTime now, MonitoringOptions options,
        DriftThresholds thresholds, CancellationToken ct)
    {
        var source = await Baselines.SourceAsync(db, endpointId, options, ct);
        // The window ends at the endpoint's newest distribution, not at the clock: an endpoint that stops reporting keeps
        // its last verdict (silence is not recovery), and a finding resolves only on data that shows recovery.
        var latest = await db.ObservationWindows.AsNoTracking()
            .Where(w => w.EndpointId == endpointId && w.Kind == ObservationKind.Distribution && w.WindowStart <= now)
            .MaxAsync(w => (DateTime?)w.WindowStart, ct);
        var to = WindowAlignment.MinuteOf(latest ?? now).AddMinutes(1);
        var from = to - options.SlidingWindow;
        var features = new List<FeatureDrift>();
        var baseline = await Baselines.DistributionsAsync(db, source, ct);
        if (baseline.Count > 0)
        {
            var window = await WindowReads.MergedAsync(db, [endpointId], from, to, ct);
            foreach (var (name, reference) in baseline.OrderBy(b => b.Key, StringComparer.Ordinal))
                if (window.TryGetValue(name, out var current))
                    features.Add(new(DriftDetector.Compare(name, reference, current, thresholds), from, to));
        }
        return new(endpointId, source, from, to, features, await MetricsAsync(db, endpointId, source, now, options, ct));
    }

    private static async Task<List<MetricDivergence>> MetricsAsync(GovernanceDbContext db, Guid endpointId, BaselineSource source, DateTime now,
        MonitoringOptions options, CancellationToken ct)
    {
        var baselines = await Baselines.MetricsAsync(db, source, ct);
        if (baselines.Count == 0) return [];
        var names = baselines.Keys.ToList();
        var since = now - MetricLookback;
        var rows = await db.ObservationWindows.AsNoTracking()
            .Where(w => w.EndpointId == endpointId && w.Kind == ObservationKind.Metric && names.Contains(w.Name) && w.WindowStart >= since && w.Count > 0)
            .Select(w => new { w.Name, w.WindowStart, w.Sum, w.Count }).ToListAsync(ct);
        var result = new List<MetricDivergence>();
        foreach (var group in rows.GroupBy(r => r.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rule = options.RuleFor(group.Key);
            var n = rule.ConsecutiveWindows!.Value;
            var recent = group.OrderByDescending(r => r.WindowStart).Take(Math.Max(n, 60)).Select(r => (r.WindowStart, r.Sum / r.Count)).ToList();
            var divergence = new MetricDivergence(group.Key, baselines[group.Key], rule.Tolerance!.Value, rule.HigherIsBetter!.Value, n, recent, 0, false);
            var worse = recent.TakeWhile(w => IsWorse(divergence, w.Item2)).Count();
            result.Add(divergence with { WorseInARow = worse, Diverging = worse >= n });
        }
        return result;
    }

    public static bool IsWorse(MetricDivergence m, double value) => m.HigherIsBetter ? value < m.Limit : value > m.Limit;
}
