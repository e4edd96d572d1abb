using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Datasets;
using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Runs;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Common;

namespace GovernancePortal.Web.Api;

// Contracts: a parameter without a default is required (missing or null is a 400 naming it, ADR 0015); the
// OpenAPI document marks the same fields required.
public sealed record RegisterDatasetVersionRequest(string Namespace, string Name, string Version, string Uri, bool ContainsPersonalData,
    string? Sha256 = null, long? RowCount = null, string? SchemaSummary = null, string? Licence = null, string? Provenance = null);

public sealed record RegisterRunRequest(string JobName, RunStatus Status, DateTime StartedAt, Guid? Id = null, string? CodeCommit = null,
    string? EnvironmentImageDigest = null, DateTime? EndedAt = null, Dictionary<string, string>? Parameters = null, Dictionary<string, double>? Metrics = null,
    IReadOnlyList<Guid>? InputDatasetVersionIds = null, IReadOnlyList<Guid>? BaseModelVersionIds = null);

public sealed record RegisterEvaluationRequest(Guid ModelVersionId, EvaluationKind Kind, DeploymentEnvironment Environment,
    Dictionary<string, double> Metrics, bool Passed, Guid? DatasetVersionId = null, string? ArtifactSha256 = null, DateTime? EvaluatedAt = null, string? Notes = null);

public sealed record ReportDeploymentRequest(string Endpoint, DeploymentEnvironment Environment, string ModelName, string Version, string Sha256,
    string? Url = null, string? Use = null);

public sealed record CreatedResponse(Guid Id);

/// <summary>/api/v1 datasets, runs, evaluations and deployments: the pipeline side of the register.</summary>
public static class RegisterApi
{
    public static RouteGroupBuilder MapRegisterApi(this RouteGroupBuilder api)
    {
        api.MapPost("/datasets", async (RegisterDatasetVersionRequest b, DatasetService datasets, HttpContext http) =>
            Created(await datasets.RegisterVersionAsync(ApiSetup.ApiCaller(http.User), new(b.Namespace ?? "", b.Name ?? "", b.Version ?? "", b.Uri ?? "",
                b.Sha256, b.RowCount, b.SchemaSummary ?? "", b.Licence ?? "", b.ContainsPersonalData, b.Provenance ?? "")), "/api/v1/datasets/versions/"))
            .RequireScope(Scopes.LineageWrite).WithTags("Datasets").WithName("RegisterDatasetVersion");
        api.MapGet("/datasets", async (DatasetService datasets, string? search, int page = 0, int pageSize = 50) =>
            TypedResults.Ok(List(await datasets.ListVersionsAsync(search, page, pageSize))))
            .RequireScope(Scopes.Read).WithTags("Datasets").WithName("ListDatasetVersions");

        // Namespace and name are URL-encoded path segments (both usually contain '/').
        api.MapGet("/datasets/{ns}/{name}", async (string ns, string name, DatasetService datasets) =>
            await datasets.FindAsync(ApiSetup.Segment(ns), ApiSetup.Segment(name)) is { } d
                ? TypedResults.Ok(new { d.Id, d.Namespace, d.Name, d.Owner, d.Description, d.CreatedAt,
                    Versions = d.Versions.Select(v => new { v.Id, v.Version, v.Uri, v.Sha256, v.RowCount, v.SchemaSummary, v.Licence, v.ContainsPersonalData, v.Provenance, v.CreatedAt }) })
                : ApiSetup.Problem(new Error.NotFound($"Dataset {ns}/{name}")))
            .RequireScope(Scopes.Read).WithTags("Datasets").WithName("GetDataset");

        api.MapPost("/runs", async (RegisterRunRequest b, TrainingRunService runs, HttpContext http) =>
            Created(await runs.RegisterAsync(ApiSetup.ApiCaller(http.User), new(b.JobName ?? "", b.CodeCommit ?? "", b.EnvironmentImageDigest ?? "",
                b.Status, b.StartedAt, b.EndedAt, b.Parameters, b.Metrics, b.InputDatasetVersionIds ?? [], b.Id, b.BaseModelVersionIds)), "/api/v1/runs/"))
            .RequireScope(Scopes.LineageWrite).WithTags("Runs").WithName("RegisterRun");
        api.MapGet("/runs", async (TrainingRunService runs, string? search, int page = 0, int pageSize = 50) =>
            TypedResults.Ok(List(await runs.ListAsync(search, page, pageSize))))
            .RequireScope(Scopes.Read).WithTags("Runs").WithName("ListRuns");
        api.MapGet("/runs/{runId:guid}", async (Guid runId, TrainingRunService runs, LineageNeighbours lineage) =>
        {
            if (await runs.GetAsync(runId) is not { } run) return ApiSetup.Problem(new Error.NotFound($"Run {runId}"));
            var neighbours = await lineage.OfAsync(runId);
            return TypedResults.Ok(new { run.Id, run.JobName, run.Status, run.CodeCommit, run.EnvironmentImageDigest, run.StartedAt, run.EndedAt,
                run.Parameters, run.Metrics, Inputs = neighbours.Upstream, Outputs = neighbours.Downstream,
                ValidationNotes = await runs.ValidationNotesAsync(runId) });
        })
            .RequireScope(Scopes.Read).WithTags("Runs").WithName("GetRun");

        api.MapPost("/evaluations", async (RegisterEvaluationRequest b, EvaluationService evaluations, HttpContext http, TimeProvider time) =>
            Created(await evaluations.RegisterAsync(ApiSetup.ApiCaller(http.User), new(b.ModelVersionId, b.Kind, b.Environment, b.DatasetVersionId,
                b.Metrics ?? [], b.Passed, b.ArtifactSha256, b.EvaluatedAt ?? time.GetUtcNow().UtcDateTime, b.Notes ?? "")), "/api/v1/evaluations/"))
            .RequireScope(Scopes.EvaluationsWrite).WithTags("Evaluations").WithName("RegisterEvaluation");

        api.MapPost("/deployments", async (ReportDeploymentRequest b, EndpointService endpoints, Core.Features.AiSystems.AiSystemService systems, HttpContext http) =>
        {
            Guid? use = null;
            if (!string.IsNullOrWhiteSpace(b.Use))
            {
                use = (await systems.FindByKeyAsync(b.Use))?.Id;
                if (use is null) return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["Use"] = $"'{b.Use}' is not an AI system key." }));
            }
            return Created(await endpoints.ReportAsync(ApiSetup.ApiCaller(http.User),
                new(b.Endpoint ?? "", b.Environment, b.Url ?? "", b.ModelName ?? "", b.Version ?? "", b.Sha256 ?? "", use)), "/api/v1/deployments/");
        }).RequireScope(Scopes.DeploymentsWrite).WithTags("Deployments").WithName("ReportDeployment");
        api.MapGet("/deployments", async (EndpointService endpoints, string? environment, bool? registered, int page = 0, int pageSize = 50) =>
        {
            DeploymentEnvironment? env = null;
            if (environment is not null)
            {
                if (!EnumNames.TryParse<DeploymentEnvironment>(environment, out var parsed))
                    return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["environment"] = EnumNames.Expected<DeploymentEnvironment>() }));
                env = parsed;
            }
            var result = await endpoints.PageAsync(env, registered, page, pageSize);
            return (IResult)TypedResults.Ok(new ListResponse<object>(result.Items.Select(e => (object)new
            {
                e.Id, Endpoint = e.Name, e.Environment, e.Url, ModelName = e.ReportedModelName, Version = e.ReportedVersion, Sha256 = e.ReportedSha256,
                ModelVersionId = e.ReportedVersionId, ServedModelVersionId = e.ServedVersionId, Registered = e.ServesRegistered, Use = e.AiSystemKey,
                e.FirstSeen, e.LastSeen,
            }).ToList(), result.Total));
        }).RequireScope(Scopes.Read).WithTags("Deployments").WithName("ListDeployments");
        return api;
    }

    private static IResult Created(Result<Guid> result, string location) =>
        result.Succeeded ? TypedResults.Created(location + result.Value, new CreatedResponse(result.Value)) : ApiSetup.Problem(result.Error!);

    private static ListResponse<T> List<T>(Core.Features.Inventory.Page<T> page) => new(page.Items, page.Total);
}
