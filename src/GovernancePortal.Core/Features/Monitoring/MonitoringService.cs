using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Monitoring;

public sealed record SeriesPoint(DateTime At, double Value);

/// <summary>A metric over time with its baseline and the edge of its tolerated band.</summary>
public sealed record MetricSeries(string Metric, IReadOnlyList<SeriesPoint> Points, MetricDivergence? Current);

/// <summary>A feature's drift statistic and PSI per bucket of the page's range, each bucket compared with the baseline.</summary>
/// <param name="StatisticThreshold">The distance from which the test calls drift (null for p-value tests: the chart plots their statistic, not the p-value).</param>
/// <param name="Thresholds">The feature's thresholds in force (PSI bands).</param>
public sealed record FeatureSeries(string Feature, IReadOnlyList<SeriesPoint> Statistic, IReadOnlyList<SeriesPoint> Psi, string Test,
    double? StatisticThreshold, DriftThresholds Thresholds);

/// <summary>A feature's merged baseline and window sketches, for the side-by-side chart (which bins them as PSI does).</summary>
public sealed record DistributionPair(string Feature, ValueSketch Baseline, ValueSketch Window);

public sealed record MonitoringView(EndpointRow Endpoint, EndpointDrift Current, DateTime From, DateTime To, TimeSpan Bucket,
    IReadOnlyList<MetricSeries> Metrics, IReadOnlyList<FeatureSeries> Features, IReadOnlyList<DistributionPair> Distributions);

/// <summary>How a production endpoint of a version is doing, for the version page's tile.</summary>
public sealed record EndpointHealth(Guid EndpointId, string Name, bool HasBaseline, bool HasData, int DriftingFeatures, int DivergingMetrics);

/// <summary>Reads for the drift API, the Monitoring page and the version page; every answer comes from <see cref="DriftEvaluation"/>.</summary>
public sealed class MonitoringService(IDbContextFactory<GovernanceDbContext> dbFactory, IOptions<MonitoringOptions> options, BaselineCache cache, TimeProvider time)
{
    public async Task<Result<EndpointDrift>> DriftAsync(Caller caller, Guid endpointId, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Reader, "read monitoring") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.ServingEndpoints.AnyAsync(e => e.Id == endpointId, ct)) return new Error.NotFound($"Deployment {endpointId}");
        return await DriftEvaluation.EvaluateAsync(db, endpointId, time.GetUtcNow().UtcDateTime, options.Value, cache, ct);
    }

    public async Task<Result<MonitoringView>> ViewAsync(Caller caller, Guid endpointId, TimeSpan range, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Reader, "read monitoring") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await EndpointServing.Rows(db, db.ServingEndpoints.AsNoTracking().Where(e => e.Id == endpointId)).FirstOrDefaultAsync(ct);
        if (endpoint is null) return new Error.NotFound($"Endpoint {endpointId}");
        var now = time.GetUtcNow().UtcDateTime;
        var detail = (await DriftEvaluation.DetailAsync(db, endpointId, now, options.Value, cache, ct))!;
        var current = detail.Drift;
        var to = current.To;
        var from = to - range;
        var rows = await db.ObservationWindows.AsNoTracking()
            .Where(w => w.EndpointId == endpointId && w.WindowStart >= from && w.WindowStart < to)
            .Select(w => new { w.Kind, w.Name, w.WindowStart, w.Sum, w.Count, w.Sketch }).ToListAsync(ct);

        var metrics = rows.Where(r => r.Kind == ObservationKind.Metric && r.Count > 0).GroupBy(r => r.Name).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MetricSeries(g.Key, g.OrderBy(r => r.WindowStart).Select(r => new SeriesPoint(r.WindowStart, r.Sum / r.Count)).ToList(),
                current.Metrics.FirstOrDefault(m => m.Metric == g.Key)))
            .ToList();

        var baseline = detail.Baseline;
        // 24 buckets over the range: each point compares that bucket alone with the baseline (the minimum counts still apply).
        var bucket = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMinute, range.Ticks / 24));
        var features = new List<FeatureSeries>();
        foreach (var g in rows.Where(r => r.Kind == ObservationKind.Distribution && r.Sketch is { Length: > 0 }).GroupBy(r => r.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!baseline.TryGetValue(g.Key, out var reference)) continue;
            var statistic = new List<SeriesPoint>();
            var psi = new List<SeriesPoint>();
            var test = "";
            var thresholds = detail.Rules.DriftFor(g.Key);
            foreach (var b in g.GroupBy(r => from + TimeSpan.FromTicks((r.WindowStart - from).Ticks / bucket.Ticks * bucket.Ticks)).OrderBy(b => b.Key))
            {
                var merged = new ValueSketch();
                foreach (var r in b) merged.Merge(ValueSketch.FromBytes(r.Sketch));
                var v = DriftDetector.Compare(g.Key, reference, merged, thresholds);
                statistic.Add(new(b.Key + bucket, v.Statistic));
                psi.Add(new(b.Key + bucket, v.Psi));
                test = v.Test;
            }
            features.Add(new(g.Key, statistic, psi, test, DriftThresholds.IsPValueTest(test) ? null : thresholds.For(test), thresholds));
        }

        var window = detail.Window;
        var distributions = baseline.Where(b => window.ContainsKey(b.Key)).OrderBy(b => b.Key, StringComparer.Ordinal)
            .Select(b => new DistributionPair(b.Key, b.Value, window[b.Key])).ToList();
        return new MonitoringView(endpoint, current, from, to, bucket, metrics, features, distributions);
    }

    /// <summary>The production endpoints serving <paramref name="versionId"/> (by digest, else by report, as <see cref="Baselines"/> pairs them) and how each is doing now.</summary>
    public async Task<Result<EndpointHealth[]>> VersionHealthAsync(Caller caller, Guid versionId, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Reader, "read monitoring") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Only the endpoints serving or claiming the version are read (a superset of those the rule below keeps), not every
        // production endpoint with its served version looked up three times each (ADR 0075).
        var candidates = EndpointServing.ServingOrClaiming(db, versionId).AsNoTracking().Where(e => e.Environment == DeploymentEnvironment.Production);
        var endpoints = (await EndpointServing.Rows(db, candidates).ToListAsync(ct))
            .Where(e => (e.ServedVersionId ?? e.ReportedVersionId) == versionId).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        var result = new List<EndpointHealth>();
        if (endpoints.Count == 0) return result.ToArray();
        // The staging endpoints are read once for all of them, and their baselines come from the cache.
        var staging = await Baselines.StagingRowsAsync(db, ct);
        foreach (var e in endpoints)
        {
            var d = (await DriftEvaluation.DetailAsync(db, e.Id, now, options.Value, cache, ct, staging))!.Drift;
            result.Add(new(e.Id, e.Name, d.Baseline.HasDistributions, d.Features.Count + d.Metrics.Count > 0,
                d.Features.Count(f => f.Verdict.Drift), d.Metrics.Count(m => m.Diverging)));
        }
        return result.ToArray();
    }
}
