using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Core.Identity;
using GovernancePortal.Web.Api;
using Microsoft.Net.Http.Headers;

namespace GovernancePortal.Web.Features.Evaluations;

/// <summary>
/// GET /evaluations/{id}/files/{sha256}: the kept bytes an evaluation was computed from, for people (cookie; the
/// pipeline API serves the same through <see cref="EvidenceFilesApi"/>). Downloads are reads: not audited (ADR 0040).
/// </summary>
public static class EvidenceFileDownload
{
    public static string Link(Guid evaluationId, string sha256) => $"/evaluations/{evaluationId}/files/{sha256}";

    public static IEndpointRouteBuilder MapEvidenceFileDownload(this IEndpointRouteBuilder app)
    {
        app.MapGet("/evaluations/{id:guid}/files/{sha256}", async (Guid id, string sha256, HttpContext http, EvidenceFileService files, CancellationToken ct) =>
            Serve(http, await files.OpenAsync(Caller.FromPrincipal(http.User), id, sha256, ct)))
            .RequireAuthorization(Policies.Reader).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The file as an attachment under its own name, its digest as the ETag and as <c>Repr-Digest</c> (RFC 9530), so a
    /// client can check what it received without trusting the portal's word; errors as problem details.
    /// </summary>
    public static IResult Serve(HttpContext http, Result<EvidenceDownload> opened)
    {
        if (opened.Error is { } error) return ApiSetup.Problem(error);
        var file = opened.Value!;
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(file.Sha256))}:";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // The content stream re-verifies as it is read and cannot seek, so the length is stated here: a download the
        // store cuts short (the file changed after its check) then ends before its Content-Length, which every client notices.
        http.Response.ContentLength = file.SizeBytes;
        return Results.Stream(file.Content, file.MediaType, file.FileName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }
}
