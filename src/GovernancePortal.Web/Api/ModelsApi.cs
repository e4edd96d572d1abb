using System.ComponentModel.DataAnnotations;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.ServiceIdentities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Web.Api;

public sealed record RegisterVersionRequest(
    [property: Required] string Version, [property: Required] string ArtifactUri, [property: Required] string Sha256,
    [property: Required] string Framework, Guid? TrainingRunId = null, IReadOnlyList<string>? Tags = null, long? SizeBytes = null);

public sealed record StageDto(string Use, Stage Stage);

public sealed record ModelVersionDto(
    Guid Id, string Name, string Version, string Sha256, string Framework, string ArtifactUri, long? SizeBytes,
    IReadOnlyList<string> Tags, DateTime CreatedAt, string CreatedBy, IReadOnlyList<StageDto> Stages)
{
    public static ModelVersionDto From(ModelVersion v) => new(v.Id, v.Model!.Name, v.Version, v.Sha256, v.Framework, v.ArtifactUri,
        v.SizeBytes, v.Tags, v.CreatedAt, v.CreatedBy, v.Stages.Select(s => new StageDto(s.AiSystem!.Key, s.Stage)).ToList());
}

public sealed record ListResponse<T>(IReadOnlyList<T> Items, int Total);

/// <summary>
/// What a CD pipeline asks before every deploy: may this exact digest run for this use at this stage?
/// Until promotion gates exist nothing is approved, so the answer is always no, with the reason.
/// </summary>

/// <summary>/api/v1/models: register and read models and versions.</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models").WithTags("Models");
        models.MapGet("/", ListModels).RequireScope(Scopes.Read).WithName("ListModels");
        models.MapGet("/{name}/versions", ListVersions).RequireScope(Scopes.Read).WithName("ListModelVersions");
        models.MapGet("/{name}/versions/{version}", GetVersion).RequireScope(Scopes.Read).WithName("GetModelVersion");
        models.MapPost("/{name}/versions", RegisterVersion).RequireScope(Scopes.ModelsWrite).WithName("RegisterModelVersion");
        models.MapGet("/{name}/versions/{version}/release-decision", GetReleaseDecision).RequireScope(Scopes.Read).WithName("GetReleaseDecision");
        return api;
    }

    private static async Task<Ok<ListResponse<ModelRegistryService.ModelRow>>> ListModels(ModelRegistryService registry, string? search, int page = 0, int pageSize = 50)
    {
        var result = await registry.ListModelsAsync(search, page, pageSize);
        return TypedResults.Ok(new ListResponse<ModelRegistryService.ModelRow>(result.Items, result.Total));
    }

    private static async Task<IResult> ListVersions(ModelRegistryService registry, string name, int page = 0, int pageSize = 50) =>
        await registry.ListVersionsAsync(ApiSetup.Segment(name), page, pageSize) is { } result
            ? TypedResults.Ok(new ListResponse<ModelVersionDto>(result.Items.Select(ModelVersionDto.From).ToList(), result.Total))
            : ApiSetup.Problem(new Error.NotFound($"Model '{name}'"));

    private static async Task<IResult> GetVersion(ModelRegistryService registry, string name, string version) =>
        await registry.FindVersionAsync(ApiSetup.Segment(name), ApiSetup.Segment(version)) is { } v
            ? TypedResults.Ok(ModelVersionDto.From(v))
            : ApiSetup.Problem(new Error.NotFound($"Model version {name} {version}"));

    private static async Task<IResult> RegisterVersion(
        string name, RegisterVersionRequest body, ModelRegistryService registry, HttpContext http)
    {
        name = ApiSetup.Segment(name);
        var caller = ApiSetup.ApiCaller(http.User);
        var result = await registry.RegisterVersionAsync(caller, new(name, body.Version ?? "", body.Framework ?? "", body.ArtifactUri ?? "",
            body.Sha256 ?? "", body.SizeBytes, body.Tags, body.TrainingRunId));
        if (result.Succeeded)
            return TypedResults.Created($"/api/v1/models/{Uri.EscapeDataString(name)}/versions/{Uri.EscapeDataString(body.Version!.Trim())}",
                ModelVersionDto.From((await registry.FindVersionAsync(name.Trim(), body.Version.Trim()))!));
        if (result.Error is not Error.Conflict || !Digest.IsSha256(body.Sha256) || await registry.FindVersionAsync(name.Trim(), body.Version!.Trim()) is not { } existing)
            return ApiSetup.Problem(result.Error!);

        // A retry of the same registration is idempotent; the same version with another digest is an integrity signal.
        if (Digest.IsSha256(body.Sha256) && existing.Sha256 == Digest.Normalize(body.Sha256!)) return TypedResults.Ok(ModelVersionDto.From(existing));
        await registry.RecordDigestConflictAsync(caller, existing, body.Sha256!);
        return ApiSetup.Problem(new Error.Conflict(
            $"{name} {existing.Version} is registered with digest {existing.Sha256}; {Digest.Normalize(body.Sha256!)} was reported. Register a new version; this conflict was recorded."));
    }

    /// <summary>Allowed only for the exact digest with a complete, valid approval for the use and stage; allowed answers carry a signed attestation.</summary>
    private static async Task<IResult> GetReleaseDecision(Core.Features.Promotions.ReleaseDecisionService decisions,
        string name, string version, string use, string stage = nameof(Stage.Production), string? sha256 = null)
    {
        if (!EnumNames.TryParse<Stage>(stage, out var target))
            return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["stage"] = EnumNames.Expected<Stage>() }));
        var result = await decisions.DecideAsync(ApiSetup.Segment(name), ApiSetup.Segment(version), use, target, sha256);
        return result.Succeeded ? TypedResults.Ok(result.Value) : ApiSetup.Problem(result.Error!);
    }
}
