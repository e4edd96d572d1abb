using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Web.Features.Evaluations;

namespace GovernancePortal.Web.Api;

/// <summary>GET /api/v1/evaluations/{id}/files/{sha256}: the kept file an evaluation was computed from (ADR 0040).</summary>
public static class EvidenceFilesApi
{
    public static RouteGroupBuilder MapEvidenceFilesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/evaluations/{id:guid}/files/{sha256}", async (Guid id, string sha256, HttpContext http, EvidenceFileService files, CancellationToken ct) =>
                EvidenceFileDownload.Serve(http, await files.OpenAsync(ApiSetup.ApiCaller(http.User), id, sha256, ct)))
            .RequireScope(Scopes.Read).WithTags("Evaluations").WithName("DownloadEvaluationFile")
            .WithSummary("The file an evaluation was computed from, verified against its SHA-256 (ETag and Repr-Digest carry it).");
        return api;
    }
}
