using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Endpoints;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>Where a production endpoint's baseline comes from (ADR 0037, ADR 0041).</summary>
/// <param name="StagingEndpoints">The staging endpoints serving the same version (and use) whose observations make the baseline.</param>
/// <param name="From">Start of the baseline window (null when staging observed nothing).</param>
/// <param name="ByReport">The production artifact's digest matches no registered version, so the version it reports (a claim) was used.</param>
/// <param name="ReferenceEvaluationId">The staging evaluation whose uploaded reference distributions are the distribution baseline (null: the staging observations are).</param>
public sealed record BaselineSource(Guid? VersionId, string? Version, IReadOnlyList<(Guid Id, string Name)> StagingEndpoints, DateTime? From, DateTime? To,
    bool ByReport = false, Guid? ReferenceEvaluationId = null)
{
    public bool HasObservations => From is not null;

    /// <summary>Distributions can be compared: uploaded reference distributions, or staging observations.</summary>
    public bool HasDistributions => ReferenceEvaluationId is not null || HasObservations;
}

/// <summary>A metric's baseline value and where it came from ("staging endpoint" or "staging evaluation").</summary>
public sealed record MetricBaseline(string Metric, double Value, string Source);

/// <summary>
/// The one owner of "what is this production endpoint compared against". Distributions: the reference distributions
/// uploaded with the version's newest passing staging evaluation that carries any (ADR 0041); otherwise the staging
/// endpoint(s) serving the same version (by digest, <see cref="EndpointServing"/>) for the same use, over the baseline
/// window ending at their latest observation (staging traffic often stops once the version is promoted). Metrics
/// without a staging observation fall back to the version's latest passing staging evaluation of the same name.
/// </summary>
public static class Baselines
{
    /// <param name="stagingRows">The staging endpoints, when the caller already read them (several production endpoints at once).</param>
    public static async Task<BaselineSource> SourceAsync(GovernanceDbContext db, EndpointRow production, TimeSpan baselineWindow, CancellationToken ct,
        IReadOnlyList<EndpointRow>? stagingRows = null)
    {
        // An unregistered artifact (a hot fix) is still compared with the staging of the version it claims to be: the
        // untracked-promotion rule already flags the artifact itself, and its behaviour matters all the more.
        if ((production.ServedVersionId ?? production.ReportedVersionId) is not { } versionId) return new(null, null, [], null, null);
        var byReport = production.ServedVersionId is null;
        // Few staging endpoints: the pairing is decided in memory (the served-version subquery does not coalesce in SQL).
        stagingRows ??= await StagingRowsAsync(db, ct);
        var staging = stagingRows
            .Where(e => (e.ServedVersionId ?? e.ReportedVersionId) == versionId)
            // The same use when both say which; an endpoint that names no use serves whichever uses the version has.
            .Where(e => production.AiSystemId is null || e.AiSystemId is null || e.AiSystemId == production.AiSystemId)
            .Select(e => (e.Id, e.Name)).ToList();
        var reference = await db.Evaluations.AsNoTracking()
            .Where(e => e.ModelVersionId == versionId && e.Environment == DeploymentEnvironment.Staging && e.Passed
                && db.ReferenceDistributions.Any(r => r.EvaluationId == e.Id))
            .OrderByDescending(e => e.EvaluatedAt).ThenByDescending(e => e.Id).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        var ids = staging.Select(s => s.Id).ToList();
        var latest = ids.Count == 0 ? null : await db.ObservationWindows.AsNoTracking().Where(w => ids.Contains(w.EndpointId))
            .MaxAsync(w => (DateTime?)w.WindowStart, ct);
        var label = byReport ? production.Reported + " (as reported)" : production.Served;
        if (latest is null) return new(versionId, label, staging, null, null, byReport, reference);
        var to = latest.Value.AddMinutes(1);
        return new(versionId, label, staging, to - baselineWindow, to, byReport, reference);
    }

    public static async Task<IReadOnlyList<EndpointRow>> StagingRowsAsync(GovernanceDbContext db, CancellationToken ct) =>
        await EndpointServing.Rows(db, db.ServingEndpoints.AsNoTracking().Where(e => e.Environment == DeploymentEnvironment.Staging)).ToListAsync(ct);

    /// <summary>The baseline distributions, one merged sketch per name (read-only: they may be shared through <paramref name="cache"/>).</summary>
    public static async Task<IReadOnlyDictionary<string, ValueSketch>> DistributionsAsync(GovernanceDbContext db, BaselineSource source, BaselineCache? cache,
        CancellationToken ct)
    {
        if (!source.HasDistributions) return new Dictionary<string, ValueSketch>();
        if (cache is null) return await ReadAsync(db, source, ct);
        return await cache.GetOrAddAsync(source, () => ReadAsync(db, source, ct));
    }

    private static async Task<IReadOnlyDictionary<string, ValueSketch>> ReadAsync(GovernanceDbContext db, BaselineSource source, CancellationToken ct)
    {
        if (source.ReferenceEvaluationId is { } evaluationId)
        {
            var rows = await db.ReferenceDistributions.AsNoTracking().Where(r => r.EvaluationId == evaluationId)
                .Select(r => new { r.Name, r.Sketch }).ToListAsync(ct);
            return rows.ToDictionary(r => r.Name, r => ValueSketch.FromBytes(r.Sketch), StringComparer.Ordinal);
        }
        var ids = source.StagingEndpoints.Select(s => s.Id).ToList();
        return await WindowReads.MergedAsync(db, ids, source.From!.Value, source.To!.Value, ct);
    }

    public static async Task<Dictionary<string, MetricBaseline>> MetricsAsync(GovernanceDbContext db, BaselineSource source, CancellationToken ct)
    {
        var result = new Dictionary<string, MetricBaseline>(StringComparer.Ordinal);
        if (source.HasObservations)
        {
            var ids = source.StagingEndpoints.Select(s => s.Id).ToList();
            var rows = await db.ObservationWindows.AsNoTracking()
                .Where(w => ids.Contains(w.EndpointId) && w.Kind == ObservationKind.Metric && w.WindowStart >= source.From && w.WindowStart < source.To)
                .GroupBy(w => w.Name).Select(g => new { Name = g.Key, Sum = g.Sum(w => w.Sum), Count = g.Sum(w => w.Count) }).ToListAsync(ct);
            foreach (var r in rows.Where(r => r.Count > 0))
                result[r.Name] = new(r.Name, r.Sum / r.Count, "staging endpoint");
        }
        if (source.VersionId is { } versionId)
        {
            var evaluations = await db.Evaluations.AsNoTracking()
                .Where(e => e.ModelVersionId == versionId && e.Environment == DeploymentEnvironment.Staging && e.Passed)
                .OrderByDescending(e => e.EvaluatedAt).Select(e => e.Metrics).ToListAsync(ct);
            foreach (var metrics in evaluations)
                foreach (var (name, value) in metrics)
                    if (double.IsFinite(value)) result.TryAdd(name, new(name, value, "staging evaluation"));
        }
        return result;
    }
}

/// <summary>Reads of stored windows shared by the baseline, the evaluation and the page.</summary>
public static class WindowReads
{
    /// <summary>Per distribution name, the merge of every window (minute or hour rows) starting in [from, to).</summary>
    public static async Task<Dictionary<string, ValueSketch>> MergedAsync(GovernanceDbContext db, IReadOnlyCollection<Guid> endpointIds, DateTime from, DateTime to, CancellationToken ct)
    {
        var rows = await db.ObservationWindows.AsNoTracking()
            .Where(w => endpointIds.Contains(w.EndpointId) && w.Kind == ObservationKind.Distribution && w.WindowStart >= from && w.WindowStart < to)
            .Select(w => new { w.Name, w.Sketch }).ToListAsync(ct);
        var merged = new Dictionary<string, ValueSketch>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Sketch is not { Length: > 0 } bytes) continue;
            var sketch = ValueSketch.FromBytes(bytes);
            if (merged.TryGetValue(row.Name, out var into)) into.Merge(sketch);
            else merged[row.Name] = sketch;
        }
        return merged;
    }
}
