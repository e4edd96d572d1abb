using System.Text.Json.Nodes;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// Structural checks of the facets the portal interprets, after the OpenLineage facet schemas (the required
/// fields and types that matter). Every facet must be an object; <c>_producer</c>/<c>_schemaURL</c> are not
/// enforced because real emitters omit them. Other facets are kept as received, unchecked.
/// </summary>
internal static class FacetRules
{
    private static readonly Dictionary<string, Func<JsonObject, string?>> Rules = new()
    {
        // Spark sends parent facets without "run"; when a run is given, its id must be a UUID.
        ["parent"] = f => f["run"] is not null && !Guid.TryParse(Str(f["run"]?["runId"]), out _) ? "run.runId must be a UUID"
            : f["job"] is not null ? NamespaceAndName(f["job"], "job") : null,
        ["ownership"] = f => f["owners"] is JsonArray owners && owners.All(o => Str(o?["name"]) is not null) ? null : "owners[] each need a name",
        ["outputStatistics"] = f => IsIntOrMissing(f["rowCount"]) && IsIntOrMissing(f["size"]) ? null : "rowCount and size must be integers",
        ["dataQualityMetrics"] = f => f["columnMetrics"] is JsonObject && IsIntOrMissing(f["rowCount"]) ? null : "columnMetrics is required",
        ["schema"] = f => f["fields"] is not JsonArray fields || fields.All(x => Str(x?["name"]) is not null) ? null : "fields[] each need a name",
        ["version"] = f => Str(f["datasetVersion"]) is not null ? null : "datasetVersion is required",
        ["documentation"] = f => Str(f["description"]) is not null ? null : "description is required",
        ["datasetType"] = f => Str(f["datasetType"]) is not null ? null : "datasetType is required",
        [OpenLineageMapping.ModelFacet] = f => Common.Digest.IsSha256(Str(f["sha256"])) ? null : "sha256 must be the model artifact's SHA-256 (64 hex characters)",
    };

    /// <summary>The first problem in a facets object at <paramref name="path"/>, or null.</summary>
    public static string? Check(JsonNode? facets, string path)
    {
        if (facets is null) return null;
        if (facets is not JsonObject all) return $"{path} must be an object";
        foreach (var (name, value) in all)
        {
            if (value is not JsonObject facet) return $"{path}.{name} must be an object";
            if (Rules.TryGetValue(name, out var rule) && rule(facet) is { } problem) return $"{path}.{name}: {problem}";
        }
        return null;
    }

    public static string? NamespaceAndName(JsonNode? node, string path) =>
        Str(node?["namespace"]) is { Length: > 0 } && Str(node?["name"]) is { Length: > 0 } ? null : $"{path} needs namespace and name";

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsIntOrMissing(JsonNode? node) => node is null || (node is JsonValue v && v.TryGetValue<long>(out _));
}
