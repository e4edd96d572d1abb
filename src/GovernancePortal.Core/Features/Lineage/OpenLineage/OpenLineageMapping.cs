using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Domain;
using Columns = GovernancePortal.Core.Data.Configurations;
using static GovernancePortal.Core.Features.Lineage.OpenLineage.FacetRules;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

public sealed record DatasetRef(string Namespace, string Name, string Version, string? Schema, string? Description, string? Owner, long? RowCount, ModelRef? Model);

public sealed record ModelRef(string Sha256, string Version, string Framework, string ArtifactUri);

/// <summary>RunEvent (has a run), or an OpenLineage 2 static DatasetEvent / JobEvent (no run).</summary>
public enum EventKind { Run, Dataset, Job }

/// <summary>
/// One checked event. Static events carry <see cref="Guid.Empty"/> as <see cref="RunId"/>; <see cref="Notes"/> are the
/// facets that failed their schema (stored as received, not used).
/// </summary>
public sealed record ParsedEvent(
    string Key, Guid RunId, string EventType, DateTime EventTime, string JobNamespace, string JobName,
    IReadOnlyList<DatasetRef> Inputs, IReadOnlyList<DatasetRef> Outputs, string Json)
{
    public EventKind Kind { get; init; } = EventKind.Run;
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Reads and checks one OpenLineage event (spec 2-0-2) and maps it onto the register (ADR 0008, ADR 0016). Only the
/// core fields decide a refusal: a JSON object, eventTime, run.runId (a UUID) and job namespace/name for a RunEvent,
/// dataset namespace/name for a DatasetEvent, valid names for inputs and outputs. Facets that fail their schema become
/// notes; the portal's own <c>governancePortal_model</c> facet is the exception, because it asks for a model version.
/// run → training run (same UUID), inputs/outputs → dataset versions (version facet, else "unversioned"),
/// outputs with the <c>governancePortal_model</c> facet → model versions; a DatasetEvent registers its dataset.
/// </summary>
public static class OpenLineageMapping
{
    /// <summary>Custom dataset facet marking an output as a model: sha256 (required), version, framework, artifactUri.</summary>
    public const string ModelFacet = "governancePortal_model";
    public const string Unversioned = "unversioned";
    public const string DatasetEventType = "DatasetEvent";
    public const string JobEventType = "JobEvent";

    public static readonly IReadOnlyDictionary<string, RunStatus> StatusByEventType = new Dictionary<string, RunStatus>
    {
        ["START"] = RunStatus.Running, ["RUNNING"] = RunStatus.Running, ["COMPLETE"] = RunStatus.Completed,
        ["FAIL"] = RunStatus.Failed, ["ABORT"] = RunStatus.Aborted, ["OTHER"] = RunStatus.Running,
    };

    /// <summary>The parsed event, or the first problem found in its core fields (path and reason).</summary>
    public static (ParsedEvent? Event, string? Problem) Parse(JsonNode? node)
    {
        if (node is not JsonObject e) return (null, "an event must be a JSON object");
        if (JsonText.Problem(e) is { } textProblem) return (null, textProblem);
        if (!EventTime.TryParse(Str(e["eventTime"]), out var time, out var zoneless))
            return (null, "eventTime is required (ISO 8601 date-time)");
        var notes = new List<string>();
        if (zoneless) notes.Add("eventTime has no time zone offset; read as UTC");

        // OpenLineage 2 static events have no run and no eventType: a DatasetEvent names one dataset, a JobEvent a job.
        // Anything with a "run" or "eventType" key (even null) or a RunEvent schemaURL is a RunEvent and needs its run.
        var schemaUrl = Str(e["schemaURL"]) ?? "";
        var kind = e.ContainsKey("run") || e.ContainsKey("eventType") || schemaUrl.EndsWith("RunEvent", StringComparison.Ordinal) ? EventKind.Run
            : e["dataset"] is not null ? EventKind.Dataset : e["job"] is not null ? EventKind.Job : EventKind.Run;
        if (e["eventType"] is { } typeNode && Str(typeNode) is null) return (null, "eventType must be a string");
        // producer and schemaURL are required by the spec but missing from real emitters' events (Spark's serde
        // fixture): they identify the sender, not the lineage, so their absence is tolerated (ADR 0008).
        var runId = Guid.Empty;
        if (kind == EventKind.Run && !Guid.TryParse(Str(At(e["run"], "runId")), out runId)) return (null, "run.runId is required and must be a UUID");
        if (kind != EventKind.Dataset && NamespaceAndName(e["job"], "job") is { } jobProblem) return (null, jobProblem);
        // A run's job is stored as "namespace/name" (measured without building it: every event passes here).
        if (kind == EventKind.Run && TooLong(Str(At(e["job"], "namespace"))!.Length + 1 + Str(At(e["job"], "name"))!.Length,
                Columns.TrainingRunConfiguration.JobNameLength) is { } jobLong)
            return (null, "job namespace/name " + jobLong);
        var eventType = kind switch
        {
            EventKind.Dataset => DatasetEventType,
            EventKind.Job => JobEventType,
            _ => Str(e["eventType"])?.ToUpperInvariant() ?? "OTHER",
        };
        if (kind == EventKind.Run && !StatusByEventType.ContainsKey(eventType))
            return (null, $"eventType '{Str(e["eventType"]) ?? "?"}' is not START, RUNNING, COMPLETE, FAIL, ABORT or OTHER");
        Checked(At(e["run"], "facets"), "run.facets", notes);
        Checked(At(e["job"], "facets"), "job.facets", notes);

        List<DatasetRef> inputs, outputs;
        string? problem;
        if (kind == EventKind.Dataset)
        {
            inputs = Datasets(new JsonArray(e["dataset"]?.DeepClone()), "dataset", null, notes, allowModel: false, out problem);
            if (problem is not null) return (null, problem.Replace("dataset[0]", "dataset"));
            outputs = [];
        }
        else
        {
            inputs = Datasets(e["inputs"], "inputs", "inputFacets", notes, allowModel: false, out problem);
            if (problem is not null) return (null, problem);
            outputs = Datasets(e["outputs"], "outputs", "outputFacets", notes, allowModel: kind == EventKind.Run, out problem);
            if (problem is not null) return (null, problem);
        }

        var json = e.ToJsonString();
        var key = Key(e);
        var (jobNs, jobName) = kind == EventKind.Dataset ? ("", "") : (Str(At(e["job"], "namespace"))!, Str(At(e["job"], "name"))!);
        return (new ParsedEvent(key, runId, eventType, time, jobNs, jobName, inputs, outputs, json) { Kind = kind, Notes = notes }, null);
    }

    private static List<DatasetRef> Datasets(JsonNode? node, string path, string? ioFacets, List<string> notes, bool allowModel, out string? problem)
    {
        problem = null;
        var list = new List<DatasetRef>();
        if (node is null) return list;
        if (node is not JsonArray array) { problem = $"{path} must be an array"; return list; }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject d) { problem = $"{path}[{i}] must be an object"; return list; }
            var at = $"{path}[{i}]";
            if ((problem = NamespaceAndName(d, at, Columns.DatasetConfiguration.NameLength)) is not null) return list;
            // The portal's own model facet asks for a governed write (a digest): a broken one refuses the event.
            if (At(d["facets"], ModelFacet) is { } modelNode && allowModel
                && (modelNode is JsonObject mo ? FacetRules.Problem(ModelFacet, mo) : "must be an object") is { } modelProblem)
            {
                problem = $"{at}.facets.{ModelFacet}: {modelProblem}";
                return list;
            }
            var facets = Checked(d["facets"], at + ".facets", notes);
            var io = ioFacets is null ? None : Checked(d[ioFacets], $"{at}.{ioFacets}", notes);
            var other = ioFacets == "inputFacets" ? "outputFacets" : "inputFacets";
            if (ioFacets is not null && d[other] is not null) Checked(d[other], $"{at}.{other}", notes);

            var version = Str(facets.GetValueOrDefault("version")?["datasetVersion"]);
            string? versionRefused = null;
            if (version is not null && (Common.Identifier.Problem(version) ?? TooLong(version, Columns.DatasetVersionConfiguration.VersionLength)) is { } versionProblem)
            {
                notes.Add(versionRefused = $"{at}.facets.version.datasetVersion {versionProblem}; read as {Unversioned}");
                version = null;
            }
            // Only the description and the first owner are stored (on the dataset, and on a model it registers).
            var description = Str(facets.GetValueOrDefault("documentation")?["description"]);
            if (description is not null && TooLong(description, Columns.DatasetConfiguration.DescriptionLength) is { } longDescription)
            {
                notes.Add($"{at}.facets.documentation.description {longDescription}; not used");
                description = null;
            }
            var owner = Str(At((facets.GetValueOrDefault("ownership")?["owners"] as JsonArray)?.FirstOrDefault(), "name"));
            if (owner is not null && TooLong(owner, Columns.DatasetConfiguration.OwnerLength) is { } longOwner)
            {
                notes.Add($"{at}.facets.ownership.owners[0].name {longOwner}; not used");
                owner = null;
            }
            ModelRef? model = null;
            if (facets.GetValueOrDefault(ModelFacet) is { } m)
            {
                if (!allowModel) notes.Add($"{at}.facets.{ModelFacet} registers a model only on a RunEvent output; stored, not used");
                else
                {
                    var ownVersion = Str(m["version"]);
                    model = new ModelRef(Str(m["sha256"])!, ownVersion ?? version ?? "", Str(m["framework"]) ?? "unknown", Str(m["artifactUri"]) ?? $"{Str(d["namespace"])}/{Str(d["name"])}");
                    if (model.Version == "")
                    {
                        problem = $"{at}.facets.{ModelFacet}: a model output needs a version (its version field or the version facet)" + (versionRefused is null ? "" : $"; {versionRefused}");
                        return list;
                    }
                    // The version is the facet's own, or the version facet's when the facet has none: name the one sent.
                    if ((Common.Identifier.Problem(model.Version) ?? TooLong(model.Version, Columns.ModelVersionConfiguration.VersionLength)) is { } mv)
                    {
                        problem = ownVersion is null ? $"{at}.facets.version.datasetVersion {mv} for a model" : $"{at}.facets.{ModelFacet}.version {mv}";
                        return list;
                    }
                    // The output's name becomes the model's name.
                    if (TooLong(Str(d["name"])!, Columns.ModelConfiguration.NameLength) is { } mn) { problem = $"{at}.name {mn} for a model"; return list; }
                }
            }
            list.Add(new DatasetRef(Str(d["namespace"])!, Str(d["name"])!, version ?? Unversioned,
                Schema(facets.GetValueOrDefault("schema")), description, owner,
                Long(io.GetValueOrDefault("outputStatistics")?["rowCount"]), model));
        }
        return list;
    }

    // The summary is for people; a wide schema is cut at the column's length (PostgreSQL enforces it), the event keeps it all.
    private static string? Schema(JsonNode? schema) => At(schema, "fields") is JsonArray fields
        ? Cut(string.Join(", ", fields.Select(f => $"{Str(At(f, "name"))}:{Str(At(f, "type")) ?? "?"}")), Columns.DatasetVersionConfiguration.SchemaSummaryLength)
        : null;

    // Never between the two halves of a surrogate pair: PostgreSQL refuses the half character (strict UTF-8), SQLite would
    // store a replacement character.
    private static string Cut(string text, int length) => text.Length <= length ? text
        : text[..(char.IsHighSurrogate(text[length - 2]) ? length - 2 : length - 1)] + "…";

    /// <summary>A request thread's buffer for <see cref="Key"/>: every event is hashed on the request path (ADR 0073).</summary>
    [ThreadStatic] private static System.Buffers.ArrayBufferWriter<byte>? keyBuffer;

    /// <summary>
    /// The SHA-256 of the canonical JSON. Property order must not make two identical events look different: keys sorted,
    /// recursively. The bytes are hashed where they were written; a buffer grown by a large event is not kept.
    /// </summary>
    private static string Key(JsonNode node)
    {
        var buffer = keyBuffer ??= new System.Buffers.ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, node);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > 64 * 1024) keyBuffer = null;
        return Convert.ToHexStringLower(hash);
    }

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                w.WriteStartObject();
                // Every event is hashed on the request path: a sorted array, not a LINQ ordering, per object (ADR 0073).
                var pairs = new KeyValuePair<string, JsonNode?>[o.Count];
                ((ICollection<KeyValuePair<string, JsonNode?>>)o).CopyTo(pairs, 0);
                Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                foreach (var (key, value) in pairs)
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
