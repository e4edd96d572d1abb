using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Evaluations;

public sealed record RegisterEvaluation(
    Guid ModelVersionId, EvaluationKind Kind, DeploymentEnvironment Environment, Guid? DatasetVersionId,
    IReadOnlyDictionary<string, double> Metrics, bool Passed, string? ArtifactSha256, DateTime EvaluatedAt, string Notes = "",
    EvaluationUpload? ComputedFrom = null, IReadOnlyList<Files.EvidenceFile>? KeptFiles = null);

public sealed class EvaluationService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    /// <summary>
    /// Registers an evaluation (and, when computed, its upload record and the rows of the files it keeps: new digests
    /// only, in the same audited transaction, so storing a file is part of the evaluation's change).
    /// </summary>
    public Task<Result<Guid>> RegisterAsync(Caller caller, RegisterEvaluation cmd, CancellationToken ct = default) =>
        RegisterAsync(caller, cmd, retry: true, ct);

    private async Task<Result<Guid>> RegisterAsync(Caller caller, RegisterEvaluation cmd, bool retry, CancellationToken ct)
    {
        if (caller.Deny(Policies.Editor, "register evaluations") is { } denied) return denied;
        var errors = new FieldErrors()
            .Sha256(nameof(cmd.ArtifactSha256), cmd.ArtifactSha256, required: false)
            .Defined(nameof(cmd.Kind), cmd.Kind)
            .Defined(nameof(cmd.Environment), cmd.Environment)
            .Check(cmd.Metrics.Count > 0, nameof(cmd.Metrics), "needs at least one metric.")
            .Check(cmd.Metrics.Keys.All(k => k.Trim().Length is > 0 and <= 100), nameof(cmd.Metrics), "names must be 1 to 100 characters.")
            .Check(cmd.Metrics.Values.All(double.IsFinite), nameof(cmd.Metrics), "values must be finite numbers.")
            .Optional(nameof(cmd.Notes), cmd.Notes, 4000);
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        // Future-dated evidence would look fresh for years and outrank later results in the promotion gates.
        if (cmd.EvaluatedAt > db.UtcNow.AddMinutes(5))
            return new Error.Validation(new Dictionary<string, string> { [nameof(cmd.EvaluatedAt)] = "is in the future; give the time the evaluation ran (UTC)." });
        var target = await db.ModelVersions.Where(v => v.Id == cmd.ModelVersionId).Select(v => v.Sha256).FirstOrDefaultAsync(ct);
        if (target is null) return new Error.NotFound("Model version");
        if (cmd.DatasetVersionId is { } ds && !await db.DatasetVersions.AnyAsync(v => v.Id == ds, ct))
            return new Error.NotFound("Dataset version");

        var evaluation = new Evaluation
        {
            ModelVersionId = cmd.ModelVersionId, TargetSha256 = target, Kind = cmd.Kind, Environment = cmd.Environment,
            DatasetVersionId = cmd.DatasetVersionId, Metrics = cmd.Metrics.ToDictionary(m => m.Key.Trim(), m => m.Value),
            Passed = cmd.Passed, ArtifactSha256 = cmd.ArtifactSha256 is { Length: > 0 } a ? Digest.Normalize(a) : null,
            Evaluator = caller.Actor.Name, EvaluatedAt = cmd.EvaluatedAt, Notes = cmd.Notes.Trim(),
            // The portal computed these numbers itself exactly when it kept the record of the file they came from.
            Source = cmd.ComputedFrom is null ? EvaluationSource.Reported : EvaluationSource.Computed,
            Upload = cmd.ComputedFrom,
        };
        db.Evaluations.Add(evaluation);
        db.LineageEdges.Add(Edges.Evaluated(cmd.ModelVersionId, evaluation.Id, db.UtcNow));
        if (cmd.DatasetVersionId is { } dsId) db.LineageEdges.Add(Edges.EvaluatedOn(dsId, evaluation.Id, db.UtcNow));
        var kept = (cmd.KeptFiles ?? []).DistinctBy(f => f.Sha256).ToList();
        var digests = kept.Select(f => f.Sha256).ToList();
        var known = await db.NamedDigestsAsync(digests, ct);
        db.EvidenceFiles.AddRange(kept.Where(f => !known.Contains(f.Sha256)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (retry && known.Count < kept.Count)
        {
            // Another upload of the same bytes committed their row first: the file is shared, so register against it.
            return await RegisterAsync(caller, cmd, retry: false, ct);
        }
        return evaluation.Id;
    }

    public async Task<Evaluation?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Evaluations.AsNoTracking().Include(e => e.ModelVersion).ThenInclude(v => v!.Model)
            .Include(e => e.DatasetVersion).ThenInclude(d => d!.Dataset).Include(e => e.Upload).FirstOrDefaultAsync(e => e.Id == id, ct);
    }
}
