using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Endpoints;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>One feature's verdict over the sliding window, and the threshold that decided it (with its policy and path).</summary>
public sealed record FeatureDrift(DriftVerdict Verdict, DateTime From, DateTime To, AppliedThreshold Threshold);

/// <summary>
/// One metric against its baseline: the last <see cref="Windows"/> observed windows (newest first) and whether all of
/// the last <c>ConsecutiveWindows</c> were worse than the baseline by more than the tolerance.
/// </summary>
public sealed record MetricDivergence(
    string Metric, MetricBaseline Baseline, double Tolerance, bool HigherIsBetter, int ConsecutiveWindows,
    IReadOnlyList<(DateTime Start, double Value)> Windows, int WorseInARow, bool Diverging, RuleOrigin Origin)
{
    /// <summary>The edge of the tolerated band: values beyond it are "worse".</summary>
    public double Limit => HigherIsBetter ? Baseline.Value - Tolerance * Math.Abs(Baseline.Value) : Baseline.Value + Tolerance * Math.Abs(Baseline.Value);
}

/// <param name="Policy">The policy version whose <c>monitoring</c> section applied (null: none in force, shipped defaults).</param>
public sealed record EndpointDrift(Guid EndpointId, BaselineSource Baseline, DateTime From, DateTime To,
    IReadOnlyList<FeatureDrift> Features, IReadOnlyList<MetricDivergence> Metrics, PolicyRef? Policy = null)
{
    public bool Drifting => Features.Any(f => f.Verdict.Drift) || Metrics.Any(m => m.Diverging);
}

/// <summary>A drift evaluation with the merged sketches it compared (the page draws them; nothing is read twice).</summary>
public sealed record DriftEvaluationDetail(EndpointDrift Drift, MonitoringRules Rules, IReadOnlyDictionary<string, ValueSketch> Baseline,
    IReadOnlyDictionary<string, ValueSketch> Window);

/// <summary>
/// The one owner of "does this production endpoint still behave like staging": the findings rule, the drift API and
/// the monitoring page all ask here. Thresholds: <see cref="MonitoringPolicies"/> (the policy in force). Distributions:
/// <see cref="DriftDetector.Compare"/> of the baseline against the production window ending at its newest
/// distribution. Metrics: <see cref="MetricDivergence"/> over the windows before the newest metric window.
/// </summary>
public static class DriftEvaluation
{
    /// <summary>How far back from the newest metric window its consecutive windows are looked for (older ones are stale).</summary>
    public static readonly TimeSpan MetricLookback = TimeSpan.FromHours(24);

    public static async Task<EndpointDrift> EvaluateAsync(GovernanceDbContext db, Guid endpointId, DateTime now, MonitoringOptions options,
        BaselineCache? cache, CancellationToken ct) =>
        (await DetailAsync(db, endpointId, now, options, cache, ct))?.Drift
        ?? new EndpointDrift(endpointId, new(null, null, [], null, null), now, now, [], []);

    /// <summary>The evaluation with its sketches, or null when the endpoint does not exist.</summary>
    /// <param name="stagingRows">The staging endpoints, when the caller evaluates several production endpoints at once.</param>
    public static async Task<DriftEvaluationDetail?> DetailAsync(GovernanceDbContext db, Guid endpointId, DateTime now, MonitoringOptions options,
        BaselineCache? cache, CancellationToken ct, IReadOnlyList<EndpointRow>? stagingRows = null)
    {
        var endpoint = await EndpointServing.Rows(db, db.ServingEndpoints.AsNoTracking().Where(e => e.Id == endpointId)).FirstOrDefaultAsync(ct);
        if (endpoint is null) return null;
        var rules = await MonitoringPolicies.RulesForAsync(db, endpoint, options, ct);
        var source = await Baselines.SourceAsync(db, endpoint, rules.BaselineWindow, ct, stagingRows);
        // The window ends at the endpoint's newest distribution, not at the clock: an endpoint that stops reporting keeps
        // its last verdict (silence is not recovery), and a finding resolves only on data that shows recovery.
        var latest = await db.ObservationWindows.AsNoTracking()
            .Where(w => w.EndpointId == endpointId && w.Kind == ObservationKind.Distribution && w.WindowStart <= now)
            .MaxAsync(w => (DateTime?)w.WindowStart, ct);
        var to = WindowAlignment.MinuteOf(latest ?? now).AddMinutes(1);
        var from = to - rules.SlidingWindow;
        var features = new List<FeatureDrift>();
        var baseline = await Baselines.DistributionsAsync(db, source, cache, ct);
        IReadOnlyDictionary<string, ValueSketch> window = new Dictionary<string, ValueSketch>();
        if (baseline.Count > 0)
        {
            window = await WindowReads.MergedAsync(db, [endpointId], from, to, ct);
            foreach (var (name, reference) in baseline.OrderBy(b => b.Key, StringComparer.Ordinal))
                if (window.TryGetValue(name, out var current))
                {
                    var verdict = DriftDetector.Compare(name, reference, current, rules.DriftFor(name));
                    features.Add(new(verdict, from, to, rules.ThresholdFor(name, verdict.Test)));
                }
        }
        var metrics = await MetricsAsync(db, endpointId, source, now, rules, ct);
        return new(new(endpointId, source, from, to, features, metrics, rules.Policy), rules, baseline, window);
    }

    private static async Task<List<MetricDivergence>> MetricsAsync(GovernanceDbContext db, Guid endpointId, BaselineSource source, DateTime now,
        MonitoringRules rules, CancellationToken ct)
    {
        var baselines = await Baselines.MetricsAsync(db, source, ct);
        if (baselines.Count == 0) return [];
        var names = baselines.Keys.ToList();
        // The lookback ends at the newest metric window, not the clock: labelled metrics arrive late, and a replayed or
        // delayed stream is judged on its own windows (as the distribution window is).
        var newest = await db.ObservationWindows.AsNoTracking()
            .Where(w => w.EndpointId == endpointId && w.Kind == ObservationKind.Metric && names.Contains(w.Name) && w.WindowStart <= now && w.Count > 0)
            .MaxAsync(w => (DateTime?)w.WindowStart, ct);
        if (newest is null) return [];
        var since = newest.Value - MetricLookback;
        var rows = await db.ObservationWindows.AsNoTracking()
            .Where(w => w.EndpointId == endpointId && w.Kind == ObservationKind.Metric && names.Contains(w.Name) && w.WindowStart >= since
                && w.WindowStart <= newest && w.Count > 0)
            .Select(w => new { w.Name, w.WindowStart, w.Sum, w.Count }).ToListAsync(ct);
        var result = new List<MetricDivergence>();
        foreach (var group in rows.GroupBy(r => r.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rule = rules.MetricFor(group.Key);
            var n = rule.ConsecutiveWindows;
            var recent = group.OrderByDescending(r => r.WindowStart).Take(Math.Max(n, 60)).Select(r => (r.WindowStart, r.Sum / r.Count)).ToList();
            var divergence = new MetricDivergence(group.Key, baselines[group.Key], rule.Tolerance, rule.HigherIsBetter, n, recent, 0, false, rule.Origin);
            var worse = recent.TakeWhile(w => IsWorse(divergence, w.Item2)).Count();
            result.Add(divergence with { WorseInARow = worse, Diverging = worse >= n });
        }
        return result;
    }

    public static bool IsWorse(MetricDivergence m, double value) => m.HigherIsBetter ? value < m.Limit : value > m.Limit;
}
