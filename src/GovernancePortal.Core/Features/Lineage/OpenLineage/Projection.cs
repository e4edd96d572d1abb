using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// Applies parsed events to the register within one context, caching what the batch already touched. Rows it creates of
/// the hot kinds (runs, datasets and their versions, edges) are held here (<see cref="Created"/>) and the writer inserts them
/// past the change tracker (ADR 0053); rows that already existed are tracked and updated by SaveChanges as before.
/// </summary>
internal sealed class Projection(GovernanceDbContext db, string actor)
{
    private readonly List<TrainingRun> createdRuns = [];
    private readonly List<Dataset> createdDatasets = [];
    private readonly List<DatasetVersion> createdVersions = [];
    private readonly List<LineageEdge> createdEdges = [];

    /// <summary>The rows this projection created, one set per table, parents first: for <see cref="BulkInsert"/>.</summary>
    public IReadOnlyList<IReadOnlyCollection<object>> Created => [createdDatasets, createdVersions, createdRuns, createdEdges];

    private readonly Dictionary<Guid, TrainingRun> runs = [];
    private readonly Dictionary<(string, string), Dataset> datasets = [];
    private readonly Dictionary<(Guid, string), DatasetVersion> datasetVersions = [];
    private readonly Dictionary<string, Model> models = [];
    private readonly Dictionary<(Guid, string), ModelVersion> modelVersions = [];
    private readonly HashSet<(Guid, Guid, EdgeKind)> edges = [];
    private readonly HashSet<Guid> newRuns = [];
    private readonly HashSet<Guid> absentRuns = [];

    /// <summary>Runs looked up for the group (the writer's one-batch lookups): the rest are absent.</summary>
    public void RememberRuns(IEnumerable<Guid> asked, IEnumerable<TrainingRun> found)
    {
        foreach (var run in found) runs[run.Id] = run;
        absentRuns.UnionWith(asked.Where(id => !runs.ContainsKey(id)));
    }

    private readonly HashSet<(string, string)> absentDatasets = [];
    private readonly HashSet<Guid> newDatasets = [];

    /// <summary>
    /// Datasets found for the group (the writer's one-batch lookups); those asked for and not
    /// found are absent. Returns the (dataset, version) pairs whose version may be stored: the ones to look up next.
    /// </summary>
    public List<(Guid Id, string Version)> RememberDatasets(IReadOnlyCollection<DatasetRef> asked, IEnumerable<Dataset> found)
    {
        foreach (var dataset in found) datasets.TryAdd((dataset.Namespace, dataset.Name), dataset);
        foreach (var d in asked) if (!datasets.ContainsKey((d.Namespace, d.Name))) absentDatasets.Add((d.Namespace, d.Name));
        return asked.Where(d => datasets.ContainsKey((d.Namespace, d.Name))).Select(d => (datasets[(d.Namespace, d.Name)].Id, d.Version)).Distinct().ToList();
    }

    /// <summary>Versions found for the pairs <see cref="RememberDatasets"/> returned; others of the same datasets are ignored.</summary>
    public void RememberVersions(IEnumerable<(Guid Id, string Version)> asked, IEnumerable<DatasetVersion> found)
    {
        var pairs = asked.ToHashSet();
        foreach (var v in found)
            if (pairs.Contains((v.DatasetId, v.Version))) datasetVersions.TryAdd((v.DatasetId, v.Version), v);
    }

    /// <summary>Registered versions this request contradicted: (version id, registered digest, reported digest).</summary>
    public List<(Guid VersionId, string Registered, string Reported)> Conflicts { get; } = [];

    /// <summary>The digest conflict this event would cause, checked before anything of its request is applied.</summary>
    public async Task<Error?> ConflictAsync(ParsedEvent e, CancellationToken ct)
    {
        foreach (var output in e.Outputs)
        {
            if (output.Model is not { } m) continue;
            var sha = Digest.Normalize(m.Sha256);
            var known = modelVersions.Values.FirstOrDefault(v => v.Version == m.Version && models.TryGetValue(output.Name, out var model) && model.Id == v.ModelId)
                ?? await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Model!.Name == output.Name && v.Version == m.Version, ct);
            if (known is not null && Refuse(output.Name, known, m.Sha256, e.RunId) is { } conflict)
            {
                Conflicts.Add((known.Id, known.Sha256, sha));
                return conflict;
            }
        }
        return null;
    }

    private static int Rank(RunStatus s) => s == RunStatus.Running ? 0 : 1;

    public async Task<Error?> ApplyAsync(ParsedEvent e, CancellationToken ct)
    {
        if (e.Kind != EventKind.Run)
        {
            await ApplyStaticAsync(e, ct);
            return null;
        }
        var run = await RunAsync(e, ct);
        var status = OpenLineageMapping.StatusByEventType[e.EventType];
        if (e.EventTime < run.StartedAt) run.StartedAt = e.EventTime;
        // Terminal states win over running ones whatever the arrival order; among equals, the later event wins.
        if (Rank(status) > Rank(run.Status) || (Rank(status) == Rank(run.Status) && e.EventTime >= (run.EndedAt ?? run.StartedAt)))
        {
            run.Status = status;
            if (Rank(status) == 1) run.EndedAt = e.EventTime;
        }
        foreach (var input in e.Inputs)
        {
            var version = await DatasetVersionAsync(input, ct);
            await EdgeAsync(Edges.Consumed(version.Id, run.Id, db.UtcNow), ct);
        }
        foreach (var output in e.Outputs)
        {
            if (output.Model is { } model)
            {
                var (version, conflict) = await ModelVersionAsync(output, model, run.Id, ct);
                if (conflict is not null) return conflict;
                await EdgeAsync(Edges.Produced(run.Id, version!.Id, NodeType.ModelVersion, db.UtcNow), ct);
            }
            else
            {
                var version = await DatasetVersionAsync(output, ct);
                await EdgeAsync(Edges.Produced(run.Id, version.Id, NodeType.DatasetVersion, db.UtcNow), ct);
            }
        }
        return null;
    }

    /// <summary>
    /// A static event (OpenLineage 2) registers, or fills in, the datasets it describes: a DatasetEvent its dataset, a
    /// JobEvent the inputs and outputs the job declares. No run exists, so no edge is drawn (ADR 0016).
    /// </summary>
    private async Task ApplyStaticAsync(ParsedEvent e, CancellationToken ct)
    {
        foreach (var d in e.Inputs.Concat(e.Outputs)) await DatasetVersionAsync(d, ct);
    }

    private async Task<TrainingRun> RunAsync(ParsedEvent e, CancellationToken ct)
    {
        if (runs.TryGetValue(e.RunId, out var run)) return run;
        run = absentRuns.Contains(e.RunId) ? null : await db.TrainingRuns.FirstOrDefaultAsync(r => r.Id == e.RunId, ct);
        if (run is null)
        {
            newRuns.Add(e.RunId);
            run = new TrainingRun { Id = e.RunId, JobName = $"{e.JobNamespace}/{e.JobName}", Status = RunStatus.Running, StartedAt = e.EventTime, CreatedBy = actor };
            createdRuns.Add(run);
        }
        return runs[e.RunId] = run;
    }

    private async Task<DatasetVersion> DatasetVersionAsync(DatasetRef d, CancellationToken ct)
    {
        if (!datasets.TryGetValue((d.Namespace, d.Name), out var dataset))
        {
            dataset = absentDatasets.Contains((d.Namespace, d.Name)) ? null
                : await db.Datasets.FirstOrDefaultAsync(x => x.Namespace == d.Namespace && x.Name == d.Name, ct);
            if (dataset is null)
            {
                createdDatasets.Add(dataset = new Dataset { Namespace = d.Namespace, Name = d.Name, CreatedAt = db.UtcNow });
                newDatasets.Add(dataset.Id);
            }
            datasets[(d.Namespace, d.Name)] = dataset;
        }
        // Events fill what is missing but never overwrite what a person or another pipeline registered: such a
        // change would only be audited as part of the request summary (ADR 0008).
        if (d.Description is not null && dataset.Description == "") dataset.Description = d.Description;
        if (d.Owner is not null && dataset.Owner == "") dataset.Owner = d.Owner;

        if (!datasetVersions.TryGetValue((dataset.Id, d.Version), out var version))
        {
            // A dataset created in this group has no stored versions yet.
            version = newDatasets.Contains(dataset.Id) ? null
                : await db.DatasetVersions.FirstOrDefaultAsync(v => v.DatasetId == dataset.Id && v.Version == d.Version, ct);
            if (version is null)
                createdVersions.Add(version = new DatasetVersion { DatasetId = dataset.Id, Version = d.Version, Uri = $"{d.Namespace}/{d.Name}", Provenance = "OpenLineage", CreatedAt = db.UtcNow });
            datasetVersions[(dataset.Id, d.Version)] = version;
        }
        if (d.Schema is not null && version.SchemaSummary == "") version.SchemaSummary = d.Schema;
        if (d.RowCount is not null && version.RowCount is null) version.RowCount = d.RowCount;
        return version;
    }

    private async Task<(ModelVersion?, Error?)> ModelVersionAsync(DatasetRef d, ModelRef m, Guid runId, CancellationToken ct)
    {
        if (!models.TryGetValue(d.Name, out var model))
        {
            model = await db.Models.FirstOrDefaultAsync(x => x.Name == d.Name, ct);
            if (model is null) db.Models.Add(model = new Model { Name = d.Name, Owner = d.Owner ?? actor, Description = d.Description ?? "", CreatedAt = db.UtcNow });
            models[d.Name] = model;
        }
        var sha = Digest.Normalize(m.Sha256);
        if (!modelVersions.TryGetValue((model.Id, m.Version), out var version))
        {
            version = await db.ModelVersions.FirstOrDefaultAsync(v => v.ModelId == model.Id && v.Version == m.Version, ct);
            if (version is null)
                db.ModelVersions.Add(version = new ModelVersion
                {
                    ModelId = model.Id, Version = m.Version, Framework = m.Framework, ArtifactUri = m.ArtifactUri, Sha256 = sha,
                    CreatedBy = actor, CreatedAt = db.UtcNow, Tags = ["openlineage"],
                });
            modelVersions[(model.Id, m.Version)] = version;
        }
        return Refuse(d.Name, version, m.Sha256, runId) is { } conflict ? (null, conflict) : (version, null);
    }

    /// <summary>The registry's rule (<see cref="Inventory.DigestConflicts.Check"/>), worded for a run's report.</summary>
    private static Error.Conflict? Refuse(string model, ModelVersion registered, string reported, Guid runId) =>
        Inventory.DigestConflicts.Check("Model " + model, registered.Version, registered.Sha256, reported, $"run {runId}", "Nothing from this request was stored.");

    private async Task EdgeAsync(LineageEdge edge, CancellationToken ct)
    {
        if (!edges.Add((edge.FromId, edge.ToId, edge.Kind))) return;
        // A run created in this batch has no stored edges yet: no need to ask the database.
        if (newRuns.Contains(edge.FromId) || newRuns.Contains(edge.ToId) || !await db.LineageEdges.AnyAsync(x => x.FromId == edge.FromId && x.ToId == edge.ToId && x.Kind == edge.Kind, ct))
            createdEdges.Add(edge);
    }
}
