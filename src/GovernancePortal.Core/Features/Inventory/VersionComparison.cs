using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Inventory;

/// <summary>One version's column in the comparison: its metrics by name, and which evaluation kinds failed.</summary>
public sealed record ComparedVersion(Guid Id, string Version, DateTime CreatedAt, IReadOnlyDictionary<string, double> Metrics, IReadOnlySet<string> FailedKinds);

/// <summary>
/// The metrics of every version of one model side by side (as MLflow users compare runs), oldest version first.
/// Metric names are "{evaluation kind} · {metric}" from each version's newest evaluation of that kind, and
/// "Training · {metric}" from the run that produced it.
/// </summary>
public sealed record ModelComparison(IReadOnlyList<ComparedVersion> Versions, IReadOnlyList<string> MetricNames);

public sealed class VersionComparisonService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    /// <summary>More versions than this are not compared (the newest are kept).</summary>
    public const int MaxVersions = 50;

    public async Task<ModelComparison> CompareAsync(Guid modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var versions = (await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == modelId)
                .OrderByDescending(v => v.CreatedAt).Take(MaxVersions).Select(v => new { v.Id, v.Version, v.CreatedAt }).ToListAsync(ct))
            .OrderBy(v => v.CreatedAt).ToList();
        var ids = versions.Select(v => v.Id).ToList();
        var evaluations = await db.Evaluations.AsNoTracking().Where(e => ids.Contains(e.ModelVersionId))
            .Select(e => new { e.ModelVersionId, e.Kind, e.EvaluatedAt, e.Metrics, e.Passed }).ToListAsync(ct);
        var produced = await db.LineageEdges.AsNoTracking().Where(e => ids.Contains(e.ToId) && e.Kind == EdgeKind.Produced && e.FromType == NodeType.TrainingRun)
            .Select(e => new { Version = e.ToId, Run = e.FromId }).ToListAsync(ct);
        var runIds = produced.Select(p => p.Run).Distinct().ToList();
        var runs = await db.TrainingRuns.AsNoTracking().Where(r => runIds.Contains(r.Id)).Select(r => new { r.Id, r.Metrics }).ToDictionaryAsync(r => r.Id, r => r.Metrics, ct);

        var columns = versions.Select(v =>
        {
            var metrics = new Dictionary<string, double>();
            var failed = new HashSet<string>();
            foreach (var latest in evaluations.Where(e => e.ModelVersionId == v.Id).GroupBy(e => e.Kind).Select(g => g.MaxBy(e => e.EvaluatedAt)!))
            {
                if (!latest.Passed) failed.Add(latest.Kind.ToString());
                foreach (var (name, value) in latest.Metrics) metrics[$"{latest.Kind} · {name}"] = value;
            }
            foreach (var run in produced.Where(p => p.Version == v.Id))
                foreach (var (name, value) in runs.GetValueOrDefault(run.Run) ?? [])
                    metrics.TryAdd($"Training · {name}", value);
            return new ComparedVersion(v.Id, v.Version, v.CreatedAt, metrics, failed);
        }).ToList();
        // Evaluation metrics before training ones; within each, by name.
        var names = columns.SelectMany(c => c.Metrics.Keys).Distinct()
            .OrderBy(n => n.StartsWith("Training ·", StringComparison.Ordinal)).ThenBy(n => n, StringComparer.Ordinal).ToList();
        return new ModelComparison(columns, names);
    }
}
