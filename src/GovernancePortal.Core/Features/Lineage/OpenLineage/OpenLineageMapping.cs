using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Domain;
using static GovernancePortal.Core.Features.Lineage.OpenLineage.FacetRules;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

public sealed record DatasetRef(string Namespace, string Name, string Version, string? Schema, string? Description, string? Owner, long? RowCount, ModelRef? Model);

public sealed record ModelRef(string Sha256, string Version, string Framework, string ArtifactUri);

public sealed record ParsedEvent(
    string Key, Guid RunId, string EventType, DateTime EventTime, string JobNamespace, string JobName,
    IReadOnlyList<DatasetRef> Inputs, IReadOnlyList<DatasetRef> Outputs, string Json);

/// <summary>
/// Reads and checks one OpenLineage RunEvent (spec 2-0-2), leniently where real emitters deviate harmlessly, and maps it onto the register (ADR 0008):
/// run → training run (same UUID), inputs/outputs → dataset versions (version facet, else "unversioned"),
/// outputs with the <c>governancePortal_model</c> facet → model versions.
/// </summary>
public static class OpenLineageMapping
{
    /// <summary>Custom dataset facet marking an output as a model: sha256 (required), version, framework, artifactUri.</summary>
    public const string ModelFacet = "governancePortal_model";
    public const string Unversioned = "unversioned";

    public static readonly IReadOnlyDictionary<string, RunStatus> StatusByEventType = new Dictionary<string, RunStatus>
    {
        ["START"] = RunStatus.Running, ["RUNNING"] = RunStatus.Running, ["COMPLETE"] = RunStatus.Completed,
        ["FAIL"] = RunStatus.Failed, ["ABORT"] = RunStatus.Aborted, ["OTHER"] = RunStatus.Running,
    };

    /// <summary>The parsed event, or the first problem found (path and reason).</summary>
    public static (ParsedEvent? Event, string? Problem) Parse(JsonNode? node)
    {
        if (node is not JsonObject e) return (null, "a RunEvent must be a JSON object");
        if (Str(e["eventTime"]) is not { } timeText || !DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return (null, "eventTime is required (ISO 8601 date-time)");
        // producer and schemaURL are required by the spec but missing from real emitters' events (Spark's serde
        // fixture): they identify the sender, not the lineage, so their absence is tolerated (ADR 0008).
        if (!Guid.TryParse(Str(e["run"]?["runId"]), out var runId)) return (null, "run.runId is required and must be a UUID");
        if (NamespaceAndName(e["job"], "job") is { } jobProblem) return (null, jobProblem);
        var eventType = Str(e["eventType"])?.ToUpperInvariant() ?? "OTHER";
        if (!StatusByEventType.ContainsKey(eventType)) return (null, $"eventType '{eventType}' is not START, RUNNING, COMPLETE, FAIL, ABORT or OTHER");
        if ((Check(e["run"]?["facets"], "run.facets") ?? Check(e["job"]?["facets"], "job.facets")) is { } facetProblem) return (null, facetProblem);

        var inputs = Datasets(e["inputs"], "inputs", "inputFacets", out var inputProblem);
        if (inputProblem is not null) return (null, inputProblem);
        var outputs = Datasets(e["outputs"], "outputs", "outputFacets", out var outputProblem);
        if (outputProblem is not null) return (null, outputProblem);

        var json = e.ToJsonString();
        var key = Convert.ToHexStringLower(SHA256.HashData(Canonical(e)));
        return (new ParsedEvent(key, runId, eventType, time.UtcDateTime, Str(e["job"]!["namespace"])!, Str(e["job"]!["name"])!, inputs, outputs, json), null);
    }

    private static List<DatasetRef> Datasets(JsonNode? node, string path, string ioFacets, out string? problem)
    {
        problem = null;
        var list = new List<DatasetRef>();
        if (node is null) return list;
        if (node is not JsonArray array) { problem = $"{path} must be an array"; return list; }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject d) { problem = $"{path}[{i}] must be an object"; return list; }
            var at = $"{path}[{i}]";
            problem = NamespaceAndName(d, at) ?? Check(d["facets"], at + ".facets") ?? Check(d["inputFacets"], at + ".inputFacets") ?? Check(d["outputFacets"], at + ".outputFacets");
            if (problem is not null) return list;
            var facets = d["facets"];
            var model = facets?[ModelFacet] is JsonObject m
                ? new ModelRef(Str(m["sha256"])!, Str(m["version"]) ?? Str(facets["version"]?["datasetVersion"]) ?? "", Str(m["framework"]) ?? "unknown", Str(m["artifactUri"]) ?? $"{Str(d["namespace"])}/{Str(d["name"])}")
                : null;
            if (model is { Version: "" }) { problem = $"{at}.facets.{ModelFacet}: a model output needs a version (its version field or the version facet)"; return list; }
            list.Add(new DatasetRef(Str(d["namespace"])!, Str(d["name"])!, Str(facets?["version"]?["datasetVersion"]) ?? Unversioned,
                Schema(facets?["schema"]), Str(facets?["documentation"]?["description"]), Str((facets?["ownership"]?["owners"] as JsonArray)?.FirstOrDefault()?["name"]),
                (d[ioFacets]?["outputStatistics"]?["rowCount"] as JsonValue)?.GetValue<long>(), model));
        }
        return list;
    }

    private static string? Schema(JsonNode? schema) => schema?["fields"] is JsonArray fields
        ? string.Join(", ", fields.Select(f => $"{Str(f?["name"])}:{Str(f?["type"]) ?? "?"}"))
        : null;

    /// <summary>Property order must not make two identical events look different: keys sorted, recursively.</summary>
    private static byte[] Canonical(JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, node);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    Write(w, value);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item);
                w.WriteEndArray();
                break;
            case null:
                w.WriteNullValue();
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }
}
