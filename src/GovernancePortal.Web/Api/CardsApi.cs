using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Cards.Exports;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.Web.Api;

/// <summary>/api/v1/models/{name}/versions/{version}/card: a version's AI Card as HF README, JSON or CycloneDX ML-BOM.</summary>
public static class CardsApi
{
    public const string StatusHeader = "X-Card-Status";

    public static RouteGroupBuilder MapCardsApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/models").WithTags("AI Cards")
            .MapGet("/{name}/versions/{version}/card", GetCard).RequireScope(Scopes.Read).WithName("GetModelCard")
            .WithSummary("The latest published revision of the version's AI Card (the working draft, marked as such, when none is published); revision=N for another.");
        return api;
    }

    private static async Task<IResult> GetCard(ModelRegistryService registry, CardReader cards, HttpContext http,
        string name, string version, string format = "json", int? revision = null)
    {
        if (format is not ("hf" or "json" or "cyclonedx"))
            return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["format"] = "must be hf, json or cyclonedx." }));
        if (await registry.FindVersionIdAsync(ApiSetup.Segment(name), ApiSetup.Segment(version)) is not { } id) return ApiSetup.Problem(new Error.NotFound($"Model version {name} {version}"));
        var result = await cards.GetAsync(ApiSetup.ApiCaller(http.User), id, revision, preferPublished: true);
        if (!result.Succeeded) return ApiSetup.Problem(result.Error!);
        if (CardDocument.From(result.Value!) is not { } doc) return ApiSetup.Problem(new Error.NotFound($"AI Card of {name} {version}"));

        // Drafts are served (pipelines may want to lint them) but never silently: the header and the body say so.
        http.Response.Headers[StatusHeader] = doc.Status;
        http.Response.Headers["X-Card-Revision"] = doc.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers.ETag = $"\"{doc.Sha256}\"";
        return format switch
        {
            "hf" => Results.Text(HuggingFaceExport.Write(doc), "text/markdown; charset=utf-8"),
            "cyclonedx" => Results.Text(CycloneDxExport.Write(doc), "application/vnd.cyclonedx+json; version=1.6"),
            _ => Results.Text(CardJsonExport.Write(doc), "application/json"),
        };
    }
}
