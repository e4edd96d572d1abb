using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Lineage.OpenLineage;
using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.Web.Api;

/// <summary>POST /api/v1/lineage: OpenLineage RunEvents as the OpenLineage HTTP transport sends them (one object or an array).</summary>
public static class LineageApi
{
    public static RouteGroupBuilder MapLineageApi(this RouteGroupBuilder api)
    {
        api.MapPost("/lineage", IngestAsync).RequireScope(Scopes.LineageWrite).WithTags("Lineage").WithName("IngestOpenLineage")
            .Accepts<JsonNode>("application/json").Produces<IngestResult>();
        return api;
    }

    private static async Task<IResult> IngestAsync(HttpContext http, OpenLineageIngestor ingestor)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["body"] = $"is not valid JSON ({ex.Message})" }));
        }
        var result = await ingestor.IngestAsync(ApiSetup.ApiCaller(http.User), body, http.RequestAborted);
        return result.Succeeded ? TypedResults.Ok(result.Value) : ApiSetup.Problem(result.Error!);
    }
}
