using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
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
        api.MapGet("/lineage/{nodeType}/{id:guid}", ClosureAsync).RequireScope(Scopes.Read).WithTags("Lineage").WithName("GetLineage");
        return api;
    }

    /// <summary>nodeType: datasetVersion, trainingRun, modelVersion, evaluation or endpoint (case-insensitive).</summary>
    private static async Task<IResult> ClosureAsync(string nodeType, Guid id, LineageQueries lineage, string direction = "downstream", int depth = 5)
    {
        if (!NodeTypeNames.TryParse(nodeType, out var type))
            return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["NodeType"] = $"must be one of {string.Join(", ", Enum.GetNames<NodeType>())}." }));
        if (!Enum.TryParse<Direction>(direction, ignoreCase: true, out var dir))
            return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["Direction"] = "must be upstream or downstream." }));
        if (depth is < 1 or > LineageQueries.MaxDepth)
            return ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { ["Depth"] = $"must be from 1 to {LineageQueries.MaxDepth}." }));
        return await lineage.ClosureAsync(type, id, dir, depth) is { } graph
            ? TypedResults.Ok(graph) : ApiSetup.Problem(new Error.NotFound($"{type} {id}"));
    }

    /// <summary>Duplicate keys are refused: two emitters' readers could otherwise see two different events.</summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private static async Task<IResult> IngestAsync(HttpContext http, OpenLineageIngestor ingestor)
    {
        if (!http.Request.HasJsonContentType())
            return Results.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send OpenLineage events as application/json.");
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, documentOptions: Strict, cancellationToken: http.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            // A chunked body over Api:MaxBodyBytes is cut off by Kestrel while we read it.
            return Results.Problem(statusCode: ex.StatusCode, title: "The request body could not be read", detail: ex.Message);
        }
        catch (JsonException ex)
        {
            return ApiSetup.Invalid(new Dictionary<string, string[]> { [ex.Path ?? "$"] = [$"is not valid JSON: {ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}"] });
        }
        var result = await ingestor.IngestAsync(ApiSetup.ApiCaller(http.User), body, http.RequestAborted);
        return result.Succeeded ? TypedResults.Ok(result.Value) : ApiSetup.Problem(result.Error!);
    }
}
