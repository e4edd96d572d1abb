using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings.Engine;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>A model version no training run produced: its provenance is unknown.</summary>
public sealed class ModelVersionWithoutRunRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.InconsistentLineage;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.ModelVersionWithoutRun];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.ModelVersion, T.LineageEdge);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        var versions = db.ModelVersions.AsNoTracking();
        HashSet<Guid>? scope = null;
        if (input.Changes is { } changes)
        {
            // Only versions hold this rule's findings: of the edges' ends (under ingest thousands of runs and datasets) the
            // scope keeps those that are versions, so resolving reads findings for a handful of ids (ADR 0074). Deleted
            // versions stay in scope through their own change.
            var ends = changes.EdgeEnds().ToList();
            scope = [.. changes.Ids(T.ModelVersion), .. await versions.Where(v => ends.Contains(v.Id)).Select(v => v.Id).ToListAsync(ct)];
            var ids = scope.ToList();
            versions = versions.Where(v => ids.Contains(v.Id));
        }
        var rows = await versions.Where(v => !db.LineageEdges.Any(e => e.ToId == v.Id && e.Kind == EdgeKind.Produced))
            .Select(v => new { v.Id, Name = v.Model!.Name, v.Version }).ToListAsync(ct);
        return new(rows.Select(v => new Condition(FindingRule.ModelVersionWithoutRun, v.Id.ToString(), FindingSeverity.Medium,
            FindingEntity.ModelVersion, v.Id, T.VersionName(v.Name, v.Version), "Model version without a training run",
            $"{v.Name} v{v.Version} has no producing training run: its provenance is unknown.",
            "Record the training run that produced it (OpenLineage or POST /api/v1/runs), or retire the version.")).ToList(), scope);
    }
}

/// <summary>A training run consumed a dataset version that is not registered.</summary>
public sealed class RunConsumedUnregisteredDatasetRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.InconsistentLineage;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.RunConsumedUnregisteredDataset];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.LineageEdge, T.DatasetVersion, T.TrainingRun);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        var edges = db.LineageEdges.AsNoTracking().Where(e => e.Kind == EdgeKind.Consumed && e.FromType == NodeType.DatasetVersion);
        HashSet<Guid>? scope = null;
        if (input.Changes is { } changes)
        {
            var touched = changes.Ids(T.DatasetVersion).ToList();
            scope = [.. changes.Ids(T.LineageEdge), .. changes.Ids(T.TrainingRun)];
            foreach (var chunk in touched.Chunk(500))
                scope.UnionWith(await edges.Where(e => chunk.Contains(e.FromId)).Select(e => e.ToId).ToListAsync(ct));
            var runs = scope.ToList();
            edges = edges.Where(e => runs.Contains(e.ToId));
        }
        var rows = await edges.Where(e => !db.DatasetVersions.Any(d => d.Id == e.FromId))
            .Select(e => new { e.ToId, e.FromId, Job = db.TrainingRuns.Where(r => r.Id == e.ToId).Select(r => r.JobName).FirstOrDefault() })
            .ToListAsync(ct);
        return new(rows.DistinctBy(r => r.ToId).Select(e => new Condition(FindingRule.RunConsumedUnregisteredDataset, e.ToId.ToString(),
            FindingSeverity.High, FindingEntity.TrainingRun, e.ToId, e.Job ?? e.ToId.ToString(), "Run consumed an unregistered dataset",
            "The run read a dataset version the register does not hold: the pipeline named it by id only, so where it came from and what it contains are not on record.",
            "Register the dataset version the run read (POST /api/v1/datasets) so its provenance is on record.")).ToList(), scope);
    }
}

/// <summary>A registered version was reported with another digest (stored as <see cref="Inventory.DigestConflict"/>).</summary>
public sealed class DigestConflictRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.InconsistentLineage;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.DigestConflict];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.DigestConflict, T.ModelVersion);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        var conflicts = db.DigestConflicts.AsNoTracking();
        HashSet<Guid>? scope = null;
        if (input.Changes is { } changes)
        {
            var ids = changes.Ids(T.DigestConflict).ToList();
            scope = changes.Ids(T.ModelVersion);
            scope.UnionWith(await conflicts.Where(c => ids.Contains(c.Id)).Select(c => c.ModelVersionId).ToListAsync(ct));
            var versions = scope.ToList();
            conflicts = conflicts.Where(c => versions.Contains(c.ModelVersionId));
        }
        var rows = await conflicts.Select(c => new
        {
            c.ModelVersionId, c.RegisteredSha256, c.ReportedSha256,
            Name = db.ModelVersions.Where(v => v.Id == c.ModelVersionId).Select(v => v.Model!.Name + " v" + v.Version).FirstOrDefault(),
        }).ToListAsync(ct);
        return new(rows.GroupBy(c => c.ModelVersionId).Select(g => new Condition(FindingRule.DigestConflict, g.Key.ToString(),
            FindingSeverity.Critical, FindingEntity.ModelVersion, g.Key, g.First().Name ?? g.Key.ToString(), "Digest conflict",
            $"Reported with {g.Select(c => c.ReportedSha256).Distinct().Count()} other digest(s) than the registered {Digest.Short(g.First().RegisteredSha256)}…: which artifact is real?",
            "Find out which artifact is deployed; register a re-built artifact as a new version (digests never change).")).ToList(), scope);
    }
}

/// <summary>An endpoint serves a digest that matches no registered version.</summary>
public sealed class DeploymentServesUnregisteredDigestRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.InconsistentLineage;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.DeploymentServesUnregisteredDigest];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.ServingEndpoint, T.ModelVersion);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        var endpoints = db.ServingEndpoints.AsNoTracking();
        HashSet<Guid>? scope = null;
        if (input.Changes is { } changes)
        {
            scope = changes.Ids(T.ServingEndpoint);
            var versions = changes.Ids(T.ModelVersion).ToList();
            var digests = await db.ModelVersions.AsNoTracking().Where(v => versions.Contains(v.Id)).Select(v => v.Sha256).ToListAsync(ct);
            scope.UnionWith(await endpoints.Where(e => digests.Contains(e.ReportedSha256)).Select(e => e.Id).ToListAsync(ct));
            var ids = scope.ToList();
            endpoints = endpoints.Where(e => ids.Contains(e.Id));
        }
        var rows = await endpoints.WhereServesRegistered(db, false)
            .Select(e => new { e.Id, e.Name, e.Environment, e.ReportedModelName, e.ReportedVersion }).ToListAsync(ct);
        return new(rows.Select(e => new Condition(FindingRule.DeploymentServesUnregisteredDigest, e.Id.ToString(), FindingSeverity.Critical,
            FindingEntity.Endpoint, e.Id, T.EndpointName(e.Name, e.Environment), "Deployment serves an unregistered artifact",
            $"{e.Name} ({e.Environment}) serves a digest that matches no registered version (reported as {e.ReportedModelName} v{e.ReportedVersion}).",
            "Stop serving the artifact, or register it as a model version and take it through a promotion.")).ToList(), scope);
    }
}

/// <summary>An evaluation tested another artifact than its version's digest: not evidence for it.</summary>
public sealed class EvaluationOfChangedDigestRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.InconsistentLineage;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.EvaluationOfChangedDigest];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.Evaluation, T.ModelVersion);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var evaluations = input.Db.Evaluations.AsNoTracking();
        HashSet<Guid>? scope = null;
        if (input.Changes is { } changes)
        {
            var versions = changes.Ids(T.ModelVersion).ToList();
            scope = changes.Ids(T.Evaluation);
            scope.UnionWith(await evaluations.Where(e => versions.Contains(e.ModelVersionId)).Select(e => e.Id).ToListAsync(ct));
            var ids = scope.ToList();
            evaluations = evaluations.Where(e => ids.Contains(e.Id));
        }
        var rows = await evaluations.Where(e => e.TargetSha256 != e.ModelVersion!.Sha256)
            .Select(e => new { e.Id, e.Kind, Name = e.ModelVersion!.Model!.Name, e.ModelVersion.Version }).ToListAsync(ct);
        return new(rows.Select(e => new Condition(FindingRule.EvaluationOfChangedDigest, e.Id.ToString(), FindingSeverity.High,
            FindingEntity.Evaluation, e.Id, $"{e.Kind} evaluation of {T.VersionName(e.Name, e.Version)}", "Evaluation of another artifact",
            $"This {e.Kind} evaluation tested a different artifact than the version's current digest: it is not evidence for it.",
            "Re-run the evaluation against the registered artifact.")).ToList(), scope);
    }
}
