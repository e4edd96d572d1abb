using System.Text.Json.Nodes;
using Columns = GovernancePortal.Core.Data.Configurations;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// Structural checks of the facets the portal interprets, after the OpenLineage facet schemas (the required fields
/// and types that matter). A facet that fails is not an error (ADR 0016): the event is stored as received, the
/// failure becomes a validation note on it, and the mapping does not read that facet. <c>_producer</c>/<c>_schemaURL</c>
/// are not enforced because real emitters omit them; facets without a rule are kept unchecked.
/// </summary>
internal static class FacetRules
{
    private static readonly Dictionary<string, Func<JsonObject, string?>> Rules = new()
    {
        // Spark sends parent facets without "run"; when a run is given, its id must be a UUID.
        ["parent"] = f => f["run"] is not null && !Guid.TryParse(Str(At(f["run"], "runId")), out _) ? "run.runId must be a UUID"
            : f["job"] is not null ? NamespaceAndName(f["job"], "job") : null,
        ["ownership"] = f => f["owners"] is JsonArray owners && owners.All(o => Str(At(o, "name")) is not null) ? null : "owners[] each need a name",
        ["outputStatistics"] = f => IsIntOrMissing(f["rowCount"]) && IsIntOrMissing(f["size"]) ? null : "rowCount and size must be integers",
        ["dataQualityMetrics"] = f => f["columnMetrics"] is not JsonObject ? "columnMetrics is required"
            : IsIntOrMissing(f["rowCount"]) && IsIntOrMissing(f["bytes"]) ? null : "rowCount and bytes must be integers",
        ["schema"] = f => f["fields"] is not JsonArray fields || fields.All(x => Str(At(x, "name")) is not null) ? null : "fields[] each need a name",
        ["version"] = f => Str(f["datasetVersion"]) is not null ? null : "datasetVersion is required",
        ["documentation"] = f => Str(f["description"]) is not null ? null : "description is required",
        ["datasetType"] = f => Str(f["datasetType"]) is not null ? null : "datasetType is required",
        [OpenLineageMapping.ModelFacet] = f => !Common.Digest.IsSha256(Str(f["sha256"])) ? "sha256 must be the model artifact's SHA-256 (64 hex characters)"
            // The version is checked where it is chosen (it may come from the version facet instead): OpenLineageMapping.
            : Str(f["framework"]) is { } fw && TooLong(fw, Columns.ModelVersionConfiguration.FrameworkLength) is { } lf ? "framework " + lf
            : Str(f["artifactUri"]) is { } u && TooLong(u, Columns.ModelVersionConfiguration.ArtifactUriLength) is { } lu ? "artifactUri " + lu : null,
    };

    /// <summary>
    /// The facets at <paramref name="path"/> that pass their rule (by name); a note for each that does not.
    /// A facets container that is not an object is noted and read as empty.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonObject> Checked(JsonNode? facets, string path, List<string> notes)
    {
        // Most events carry few or no facets: no dictionary is allocated until one passes (ADR 0073).
        Dictionary<string, JsonObject>? valid = null;
        if (facets is null) return None;
        if (facets is not JsonObject all) { notes.Add($"{path} must be an object; ignored"); return None; }
        foreach (var (name, value) in all)
        {
            if (value is null) continue;
            if (value is not JsonObject facet) notes.Add($"{path}.{name} must be an object; stored, not used");
            else if (Problem(name, facet) is { } problem) notes.Add($"{path}.{name}: {problem}; stored, not used");
            else (valid ??= new(StringComparer.Ordinal))[name] = facet;
        }
        return (IReadOnlyDictionary<string, JsonObject>?)valid ?? None;
    }

    /// <summary>No valid facets; read-only, so sharing it is safe.</summary>
    public static readonly IReadOnlyDictionary<string, JsonObject> None = new System.Collections.ObjectModel.ReadOnlyDictionary<string, JsonObject>(new Dictionary<string, JsonObject>());

    public static string? Problem(string name, JsonObject facet) => Rules.TryGetValue(name, out var rule) ? rule(facet) : null;

    /// <summary>Namespace and name present and valid identifiers; each at most <paramref name="maxLength"/> when the caller stores them.</summary>
    public static string? NamespaceAndName(JsonNode? node, string path, int? maxLength = null)
    {
        if (Str(At(node, "namespace")) is not { Length: > 0 } ns || Str(At(node, "name")) is not { Length: > 0 } name)
            return $"{path} needs namespace and name";
        return (Common.Identifier.Problem(ns) ?? TooLong(ns, maxLength)) is { } nsProblem ? $"{path}.namespace {nsProblem}"
            : (Common.Identifier.Problem(name) ?? TooLong(name, maxLength)) is { } nameProblem ? $"{path}.name {nameProblem}" : null;
    }

    /// <summary>
    /// "is N characters long; at most M are stored", or null when it fits. The limits are the columns' (the EF
    /// configurations', ADR 0088), checked only where a value is stored: a longer name is refused and a longer facet value
    /// noted, on both providers alike (SQLite does not enforce a column's length; PostgreSQL would refuse the commit).
    /// </summary>
    public static string? TooLong(string value, int? max) => TooLong(value.Length, max);

    public static string? TooLong(int length, int? max) => length > max ? $"is {length} characters long; at most {max} are stored" : null;

    /// <summary>A property of an object; null for anything else (a string where an object belongs is no crash).</summary>
    public static JsonNode? At(JsonNode? node, string name) => node is JsonObject o ? o[name] : null;

    /// <summary>A JSON string's text; null for anything else (a number is not read as its digits).</summary>
    public static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    private static bool IsIntOrMissing(JsonNode? node) => node is null || Long(node) is not null;
}
