using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Runs;

public sealed record RegisterTrainingRun(
    string JobName, string CodeCommit, string EnvironmentImageDigest, RunStatus Status,
    DateTime StartedAt, DateTime? EndedAt, IReadOnlyDictionary<string, string>? Parameters,
    IReadOnlyDictionary<string, double>? Metrics, IReadOnlyList<Guid> InputDatasetVersionIds, Guid? Id = null, IReadOnlyList<Guid>? BaseModelVersionIds = null);

/// <summary>A facet of one of the run's OpenLineage events that failed its schema and was stored but not used (ADR 0016).</summary>
public sealed record ValidationNote(string EventType, DateTime EventTime, string Note);

/// <summary>A model version a run produced, for links in the runs list.</summary>
public sealed record ProducedVersion(Guid Id, string Label);

public sealed record TrainingRunRow(Guid Id, string JobName, RunStatus Status, string CodeCommit, DateTime StartedAt, DateTime? EndedAt,
    IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<ProducedVersion> Produced);

public sealed class TrainingRunService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<Result<Guid>> RegisterAsync(Caller caller, RegisterTrainingRun cmd, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "register training runs") is { } denied) return denied;
        var errors = new FieldErrors()
            .Identifier(nameof(cmd.JobName), cmd.JobName, Data.Configurations.TrainingRunConfiguration.JobNameLength)
            .Defined(nameof(cmd.Status), cmd.Status)
            .Check(cmd.Metrics is null || cmd.Metrics.Values.All(double.IsFinite), nameof(cmd.Metrics), "values must be finite numbers.")
            .Optional(nameof(cmd.CodeCommit), cmd.CodeCommit, 100)
            .Optional(nameof(cmd.EnvironmentImageDigest), cmd.EnvironmentImageDigest, 200)
            .Check(cmd.EndedAt is null || cmd.EndedAt >= cmd.StartedAt, nameof(cmd.EndedAt), "cannot be before the start.");
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var inputs = cmd.InputDatasetVersionIds.Distinct().ToList();
        var known = await db.DatasetVersions.Where(v => inputs.Contains(v.Id)).Select(v => v.Id).ToListAsync(ct);
        if (known.Count != inputs.Count)
            return new Error.Validation(new Dictionary<string, string> { [nameof(cmd.InputDatasetVersionIds)] = "includes a dataset version that is not registered." });
        var bases = (cmd.BaseModelVersionIds ?? []).Distinct().ToList();
        if (await db.ModelVersions.CountAsync(v => bases.Contains(v.Id), ct) != bases.Count)
            return new Error.Validation(new Dictionary<string, string> { [nameof(cmd.BaseModelVersionIds)] = "includes a model version that is not registered." });
        if (cmd.Id is { } id && await db.TrainingRuns.AnyAsync(r => r.Id == id, ct))
            return new Error.Conflict($"Training run {id} is already registered.");

        var run = new TrainingRun
        {
            Id = cmd.Id ?? Guid.CreateVersion7(), JobName = cmd.JobName.Trim(), CodeCommit = cmd.CodeCommit.Trim(),
            EnvironmentImageDigest = cmd.EnvironmentImageDigest.Trim(), Status = cmd.Status,
            StartedAt = cmd.StartedAt, EndedAt = cmd.EndedAt, CreatedBy = caller.Actor.Name,
            Parameters = cmd.Parameters?.ToDictionary() ?? [], Metrics = cmd.Metrics?.ToDictionary() ?? [],
        };
        db.TrainingRuns.Add(run);
        db.LineageEdges.AddRange(inputs.Select(i => Edges.Consumed(i, run.Id, db.UtcNow)));
        db.LineageEdges.AddRange(bases.Select(b => Edges.Consumed(b, run.Id, db.UtcNow, NodeType.ModelVersion)));
        await db.SaveChangesAsync(ct);
        return run.Id;
    }

    public async Task<Page<TrainingRunRow>> ListAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.TrainingRuns.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search)) q = q.Where(r => r.JobName.Contains(search) || r.CodeCommit.StartsWith(search));
        var total = await q.CountAsync(ct);
        var runs = await q.OrderByDescending(r => r.StartedAt).ThenBy(r => r.Id)
            .PageOf(page, pageSize)
            .Select(r => new { r.Id, r.JobName, r.Status, r.CodeCommit, r.StartedAt, r.EndedAt, r.Metrics }).ToListAsync(ct);
        // What each run on this page produced, in one query over the Produced edges (never per row).
        var runIds = runs.Select(r => r.Id).ToList();
        var produced = await db.LineageEdges.AsNoTracking()
            .Where(e => runIds.Contains(e.FromId) && e.Kind == EdgeKind.Produced && e.ToType == NodeType.ModelVersion)
            .Join(db.ModelVersions, e => e.ToId, v => v.Id, (e, v) => new { Run = e.FromId, v.Id, Label = v.Model!.Name + " v" + v.Version })
            .ToListAsync(ct);
        var items = runs.Select(r => new TrainingRunRow(r.Id, r.JobName, r.Status, r.CodeCommit, r.StartedAt, r.EndedAt, r.Metrics,
            produced.Where(p => p.Run == r.Id).OrderBy(p => p.Label, StringComparer.Ordinal).Select(p => new ProducedVersion(p.Id, p.Label)).ToList())).ToList();
        return new(items, total);
    }

    /// <summary>The validation notes of the run's stored OpenLineage events, oldest event first.</summary>
    public async Task<IReadOnlyList<ValidationNote>> ValidationNotesAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = await db.LineageEvents.AsNoTracking().Where(e => e.RunId == runId && e.ValidationNotes != null)
            .OrderBy(e => e.EventTime).Select(e => new { e.EventType, e.EventTime, e.ValidationNotes }).ToListAsync(ct);
        return events.SelectMany(e => e.ValidationNotes!.Split('\n').Select(n => new ValidationNote(e.EventType, e.EventTime, n))).ToList();
    }

    public async Task<TrainingRun?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TrainingRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
    }
}
