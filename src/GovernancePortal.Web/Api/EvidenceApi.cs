using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Evidence;
using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.Web.Api;

public sealed record VerifyResponse(bool Issued, string? PackId, DateTime? IssuedAt, Guid? PromotionId, string Sha256);

/// <summary>Evidence packs and their verification (read scope): the documents an auditor is handed, and the check that they are genuine.</summary>
public static class EvidenceApi
{
    public static RouteGroupBuilder MapEvidenceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/promotions/{id:guid}/evidence-pack", PromotionPackAsync).RequireScope(Scopes.Read).WithTags("Evidence").WithName("GetEvidencePack");
        api.MapGet("/models/{name}/versions/{version}/evidence-pack", VersionHistoryAsync).RequireScope(Scopes.Read).WithTags("Evidence").WithName("GetVersionEvidencePack");
        api.MapGet("/ai-systems/{key}/technical-documentation", TechnicalDocumentationAsync).RequireScope(Scopes.Read).WithTags("Evidence").WithName("GetTechnicalDocumentation");
        api.MapPost("/evidence/verify", VerifyAsync).RequireScope(Scopes.Read).WithTags("Evidence").WithName("VerifyEvidencePack")
            .Accepts<IFormFile>("application/pdf", "application/zip", "application/octet-stream");
        return api;
    }

    private static async Task<IResult> PromotionPackAsync(Guid id, string? format, HttpContext http, EvidencePackService packs, CancellationToken ct)
    {
        if (format is { Length: > 0 } && format is not ("pdf" or "zip"))
            return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["format"] = "must be pdf or zip." }));
        return File(await packs.IssuePromotionPackAsync(ApiSetup.ApiCaller(http.User), id, format == "zip", ct: ct));
    }

    private static async Task<IResult> VersionHistoryAsync(string name, string version, HttpContext http, EvidencePackService packs, CancellationToken ct) =>
        File(await packs.IssueVersionHistoryAsync(ApiSetup.ApiCaller(http.User), name, version, ct: ct));

    private static async Task<IResult> TechnicalDocumentationAsync(string key, HttpContext http, EvidencePackService packs, CancellationToken ct) =>
        File(await packs.IssueTechnicalDocumentationAsync(ApiSetup.ApiCaller(http.User), key, ct: ct));

    /// <summary>The body is the file itself (PDF or ZIP); only its SHA-256 matters, so any content type is accepted.</summary>
    private static async Task<IResult> VerifyAsync(HttpRequest request, EvidencePackService packs, CancellationToken ct)
    {
        if (request.ContentLength == 0) return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["body"] = "send the PDF or ZIP file as the request body." }));
        var r = await packs.VerifyAsync(request.Body, ct);
        return TypedResults.Ok(new VerifyResponse(r.Issued, r.PackId, r.IssuedAt, r.PromotionId, r.Sha256));
    }

    private static IResult File(Result<IssuedDocument> result) => result.Succeeded
        ? TypedResults.File(result.Value!.Content, result.Value.ContentType, result.Value.FileName)
        : ApiSetup.Problem(result.Error!);
}
