using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Inventory;

public sealed record RegisterModelVersion(
    string ModelName, string Version, string Framework, string ArtifactUri, string Sha256,
    long? SizeBytes = null, IReadOnlyList<string>? Tags = null, Guid? TrainingRunId = null, string? ModelDescription = null);

/// <summary>Editable metadata of a version. The digest is not editable: a new artifact is a new version (ADR 0005).</summary>
public sealed record UpdateModelVersion(string Framework, string ArtifactUri, long? SizeBytes, IReadOnlyList<string> Tags);

/// <summary>A registration's outcome: the version's id, and whether this call created it (false: an idempotent retry).</summary>
public sealed record VersionRegistration(Guid Id, bool Created);

/// <summary>Registers and edits models and their versions.</summary>
public sealed class ModelRegistryService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<Result<Guid>> RegisterVersionAsync(Caller caller, RegisterModelVersion cmd, CancellationToken ct = default)
    {
        var result = await RegisterAsync(caller, cmd, ct);
        return result.Succeeded ? result.Value!.Id : result.Error!;
    }

    /// <summary>
    /// Registration and its idempotency, in one place for the API and the UI: the same (model, version, digest) again
    /// returns the registered version; the same version with another digest is refused and recorded as a
    /// <see cref="DigestConflict"/> (ADR 0005: a digest never changes).
    /// </summary>
    public async Task<Result<VersionRegistration>> RegisterAsync(Caller caller, RegisterModelVersion cmd, CancellationToken ct = default)
    {
        // Two first registrations of a new model (or of one version) can race to insert it: the loser retries and
        // finds what the winner wrote (the same version again is then an idempotent retry, another digest a conflict).
        try { return await RegisterOnceAsync(caller, cmd, ct); }
        catch (DbUpdateException) { return await RegisterOnceAsync(caller, cmd, ct); }
    }

    private async Task<Result<VersionRegistration>> RegisterOnceAsync(Caller caller, RegisterModelVersion cmd, CancellationToken ct)
    {
        if (caller.Deny(Policies.Editor, "register model versions") is { } denied) return denied;
        var errors = new FieldErrors()
            .Identifier(nameof(cmd.ModelName), cmd.ModelName, Data.Configurations.ModelConfiguration.NameLength)
            .Identifier(nameof(cmd.Version), cmd.Version, Data.Configurations.ModelVersionConfiguration.VersionLength)
            .Required(nameof(cmd.Framework), cmd.Framework, Data.Configurations.ModelVersionConfiguration.FrameworkLength)
            .Required(nameof(cmd.ArtifactUri), cmd.ArtifactUri, Data.Configurations.ModelVersionConfiguration.ArtifactUriLength)
            .Sha256(nameof(cmd.Sha256), cmd.Sha256)
            .Optional(nameof(cmd.ModelDescription), cmd.ModelDescription, Data.Configurations.ModelConfiguration.DescriptionLength)
            .Check(cmd.SizeBytes is null or >= 0, nameof(cmd.SizeBytes), "cannot be negative.");
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var name = cmd.ModelName.Trim();
        var model = await db.Models.FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null)
        {
            model = new Model { Name = name, Owner = caller.Actor.Name, Description = cmd.ModelDescription ?? "", CreatedAt = db.UtcNow };
            db.Models.Add(model);
        }
        else if (await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelId == model.Id && v.Version == cmd.Version.Trim(), ct) is { } existing)
        {
            if (DigestConflicts.Check(name, existing.Version, existing.Sha256, cmd.Sha256) is not { } conflict) return new VersionRegistration(existing.Id, false);
            await DigestConflicts.RecordAsync(db, existing.Id, existing.Sha256, cmd.Sha256, ct);
            await db.SaveChangesAsync(ct);
            return conflict;
        }

        var version = new ModelVersion
        {
            ModelId = model.Id, Version = cmd.Version.Trim(), Framework = cmd.Framework.Trim(),
            ArtifactUri = cmd.ArtifactUri.Trim(), Sha256 = Digest.Normalize(cmd.Sha256), SizeBytes = cmd.SizeBytes,
            CreatedBy = caller.Actor.Name, CreatedAt = db.UtcNow, Tags = NormalizeTags(cmd.Tags),
        };
        db.ModelVersions.Add(version);
        if (cmd.TrainingRunId is { } runId)
        {
            if (!await db.TrainingRuns.AnyAsync(r => r.Id == runId, ct))
                return new Error.Validation(new Dictionary<string, string> { [nameof(cmd.TrainingRunId)] = "names no registered training run." });
            db.LineageEdges.Add(Edges.Produced(runId, version.Id, NodeType.ModelVersion, db.UtcNow));
        }
        Webhooks.WebhookOutbox.ModelVersionRegistered(db, name, version);
        await db.SaveChangesAsync(ct);
        return new VersionRegistration(version.Id, true);
    }

    public async Task<Result<Guid>> UpdateVersionAsync(Caller caller, Guid id, UpdateModelVersion cmd, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "edit model versions") is { } denied) return denied;
        var errors = new FieldErrors()
            .Required(nameof(cmd.Framework), cmd.Framework, Data.Configurations.ModelVersionConfiguration.FrameworkLength)
            .Required(nameof(cmd.ArtifactUri), cmd.ArtifactUri, Data.Configurations.ModelVersionConfiguration.ArtifactUriLength)
            .Check(cmd.SizeBytes is null or >= 0, nameof(cmd.SizeBytes), "cannot be negative.");
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var version = await db.ModelVersions.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (version is null) return new Error.NotFound("Model version");
        version.Framework = cmd.Framework.Trim();
        version.ArtifactUri = cmd.ArtifactUri.Trim();
        version.SizeBytes = cmd.SizeBytes;
        version.Tags = NormalizeTags(cmd.Tags);
        await db.SaveChangesAsync(ct);
        return version.Id;
    }

    /// <summary>Sets a version's stage for one use. Until promotion gates exist only Admin may do this.</summary>
    public async Task<Result<Guid>> SetStageAsync(Caller caller, Guid versionId, Guid aiSystemId, Stage stage, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Admin, "change a model version's stage") is { } denied) return denied;
        // Staging and Production are reached only through a co-signed promotion; operators loading history are the exception.
        if (stage is Stage.Staging or Stage.Production && caller.Actor.Kind != Audit.ActorKind.System)
            return new Error.Forbidden($"{stage} is reached through a promotion request co-signed by platform, security and risk reviewers.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (!await db.ModelVersions.AnyAsync(v => v.Id == versionId, ct)) return new Error.NotFound("Model version");
        if (!await db.AiSystems.AnyAsync(s => s.Id == aiSystemId, ct)) return new Error.NotFound("AI system");
        var row = await db.ModelVersionStages.FirstOrDefaultAsync(s => s.ModelVersionId == versionId && s.AiSystemId == aiSystemId, ct);
        if (row is null) db.ModelVersionStages.Add(row = new ModelVersionStage { ModelVersionId = versionId, AiSystemId = aiSystemId });
        row.Stage = stage;
        row.UpdatedAt = db.UtcNow;
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    public async Task<ModelVersion?> GetVersionAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.ModelVersions.AsNoTracking().Include(v => v.Model).FirstOrDefaultAsync(v => v.Id == id, ct);
        return version is null ? null : (await WithStagesAsync(db, [version], ct))[0];
    }

    /// <summary>
    /// Attaches each version's stages and their AI systems with one query on the (ModelVersionId, AiSystemId) index.
    /// Not Include(Stages).ThenInclude(AiSystem): EF LEFT JOINs a subquery of every stage with its AI system, which
    /// SQLite materialises whole on each call (75-340 ms per read at 100,000 versions, docs/benchmarks.md).
    /// </summary>
    private static async Task<List<ModelVersion>> WithStagesAsync(GovernanceDbContext db, List<ModelVersion> versions, CancellationToken ct)
    {
        if (versions.Count == 0) return versions;
        var ids = versions.Select(v => v.Id).ToList();
        var stages = (await db.ModelVersionStages.AsNoTracking().Include(s => s.AiSystem)
            .Where(s => ids.Contains(s.ModelVersionId)).ToListAsync(ct)).ToLookup(s => s.ModelVersionId);
        foreach (var v in versions) v.Stages = stages[v.Id].OrderBy(s => s.Id).ToList();
        return versions;
    }

    /// <summary>The most versions <see cref="GetModelAsync"/> loads (newest first); a model page is not a grid.</summary>
    public const int ModelPageVersionLimit = 200;

    /// <summary>A model with its newest <see cref="ModelPageVersionLimit"/> versions, their stages and uses.</summary>
    public async Task<Model?> GetModelAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (model is null)
            return null;
        // A separate query, not a filtered Include: Include(...OrderBy().Take()) needs SQL APPLY, which SQLite lacks.
        model.Versions = await WithStagesAsync(db, await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == id)
            .OrderByDescending(v => v.CreatedAt).ThenBy(v => v.Id).Take(ModelPageVersionLimit).ToListAsync(ct), ct);
        return model;
    }

    public async Task<IReadOnlyList<Evaluation>> EvaluationsOfAsync(Guid versionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Evaluations.AsNoTracking().Where(e => e.ModelVersionId == versionId)
            .OrderByDescending(e => e.EvaluatedAt).ToListAsync(ct);
    }

    /// <summary>Records that <paramref name="caller"/> reported a registered version with another digest (data, never a digest change).</summary>
    public async Task RecordDigestConflictAsync(Caller caller, ModelVersion registered, string reportedSha256, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        await DigestConflicts.RecordAsync(db, registered.Id, registered.Sha256, reportedSha256, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Only the id of a version named by model and version (one statement: callers that read the rest themselves).</summary>
    public async Task<Guid?> FindVersionIdAsync(string modelName, string version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelVersions.Where(v => v.Model!.Name == modelName && v.Version == version).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<ModelVersion?> FindVersionAsync(string modelName, string version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.ModelVersions.AsNoTracking().Include(v => v.Model)
            .FirstOrDefaultAsync(v => v.Model!.Name == modelName && v.Version == version, ct);
        return found is null ? null : (await WithStagesAsync(db, [found], ct))[0];
    }

    public sealed record ModelRow(Guid Id, string Name, string Owner, int Versions, DateTime CreatedAt);

    public async Task<Page<ModelRow>> ListModelsAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var models = db.Models.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search)) models = models.Where(m => m.Name.Contains(search));
        var total = await models.CountAsync(ct);
        var items = await models.OrderBy(m => m.Name).PageOf(page, pageSize)
            .Select(m => new ModelRow(m.Id, m.Name, m.Owner, m.Versions.Count, m.CreatedAt)).ToListAsync(ct);
        return new(items, total);
    }

    public async Task<Page<ModelVersion>?> ListVersionsAsync(string modelName, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Name == modelName, ct);
        if (model is null) return null;
        var versions = db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id);
        var total = await versions.CountAsync(ct);
        var items = await versions.OrderByDescending(v => v.CreatedAt).ThenBy(v => v.Id).PageOf(page, pageSize)
            .Include(v => v.Model).ToListAsync(ct);
        return new(await WithStagesAsync(db, items, ct), total);
    }

    internal static List<string> NormalizeTags(IEnumerable<string>? tags) =>
        (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length is > 0 and <= 50).Distinct().Order().ToList();
}
