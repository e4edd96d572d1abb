using System.Text;
using System.Text.Json.Nodes;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>One malformed request: what was broken, and the request itself.</summary>
public sealed record FuzzCase(string Name, HttpMethod Method, string Url, string? ContentType, byte[]? Body)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return request;
    }
}

/// <summary>
/// Malformed requests generated from the OpenAPI document (ADR 0015): for every operation with parameters or a body,
/// each parameter and each body field gets values of the wrong type, out of range, or names that hide characters or
/// walk paths; required fields go missing or null; whole bodies get nested 5,000 deep, duplicate keys, lone
/// surrogates, invalid UTF-8, truncation and wrong content types. The base request is as valid as the document allows
/// (required fields only), so each case differs from an acceptable request by the one thing it breaks.
/// </summary>
public static partial class FuzzCases
{
    /// <summary>Free-text filters: any text is a valid search, so no value of them is malformed.</summary>
    private static readonly HashSet<string> FreeText = ["search", "metric"];

    /// <summary>Fields and parameters that name things and so fall under the identifier rule.</summary>
    private static readonly HashSet<string> Names = ["namespace", "name", "version", "endpoint", "modelName", "jobName", "model", "use", "ns"];

    private static readonly string[] HiddenNames = ["../fuzz", "fuzz\r\nSet-Cookie: x=1", "fuzz\u202Eexe.txt", "fuzz\0nul", "fuzz\u2066x"];

    /// <summary>
    /// The OpenAPI document describes POST /lineage as any JSON (OpenLineage has its own spec): its core fields,
    /// from the OpenLineage RunEvent schema, stand in for the missing properties.
    /// </summary>
    private static readonly JsonObject LineageSchema = (JsonObject)JsonNode.Parse("""
        {"type":"object","required":["eventTime","run","job"],"properties":{
          "eventType":{"type":"string","enum":["START","RUNNING","COMPLETE","ABORT","FAIL","OTHER"]},
          "eventTime":{"type":"string","format":"date-time"},
          "run":{"type":"object","required":["runId"],"properties":{"runId":{"type":"string","format":"uuid"}}},
          "job":{"type":"object","required":["namespace","name"],"properties":{"namespace":{"type":"string"},"name":{"type":"string"}}},
          "inputs":{"type":"array"},"outputs":{"type":"array"}}}
        """)!;

    /// <summary>A valid RunEvent: the lineage base request (with eventType and schemaURL, so it is unambiguously a RunEvent).</summary>
    private static JsonObject LineageBase() => (JsonObject)JsonNode.Parse("""
        {"eventType":"START","eventTime":"2026-11-27T10:00:00Z","producer":"https://example/fuzz",
         "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run":{"runId":"@0@"},"job":{"namespace":"fuzz-namespace","name":"fuzz-name"}}
        """.Replace("@0@", (Guid.NewGuid()).ToString()))!;

    public static IEnumerable<FuzzCase> From(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (verb, opNode) in item!.AsObject())
        {
            if (opNode is not JsonObject op || verb is "parameters") continue;
            var method = new HttpMethod(verb.ToUpperInvariant());
            var parameters = (op["parameters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var body = op["requestBody"]?["content"]?["application/json"]?["schema"] is { } s ? Resolve(document, s) : null;
            if (path == "/api/v1/lineage" && method == HttpMethod.Post) body = LineageSchema;
            if (parameters.Count == 0 && body is null) continue;

            var baseValues = parameters.Where(p => In(p) == "path" || p["required"]?.GetValue<bool>() == true)
                .ToDictionary(p => Name(p), p => BaseParameter(Name(p), Resolve(document, p["schema"])));
            string Url(Dictionary<string, string> values)
            {
                var url = path;
                var query = new List<string>();
                foreach (var p in parameters)
                {
                    if (!values.TryGetValue(Name(p), out var v)) continue;
                    if (In(p) == "path") url = url.Replace("{" + Name(p) + "}", Uri.EscapeDataString(v));
                    else query.Add($"{Name(p)}={Uri.EscapeDataString(v)}");
                }
                return query.Count == 0 ? url : url + "?" + string.Join("&", query);
            }
            var baseBody = body is null ? null : body == LineageSchema ? LineageBase() : BaseBody(document, body);
            var baseBytes = baseBody is null ? null : Encoding.UTF8.GetBytes(baseBody.ToJsonString());

            foreach (var p in parameters.Where(p => !FreeText.Contains(Name(p))))
                foreach (var bad in BadParameters(Name(p), Resolve(document, p["schema"])))
                    yield return new FuzzCase($"{verb.ToUpper()} {path} {In(p)} {Name(p)}={Show(bad)}", method,
                        Url(new Dictionary<string, string>(baseValues) { [Name(p)] = bad }), "application/json", baseBytes);

            if (body is null || baseBody is null) continue;
            var url = Url(baseValues);
            FuzzCase Case(string what, JsonObject json) => new($"{verb.ToUpper()} {path} body {what}", method, url, "application/json", Encoding.UTF8.GetBytes(json.ToJsonString()));
            FuzzCase Raw(string what, byte[] bytes, string? contentType = "application/json") => new($"{verb.ToUpper()} {path} {what}", method, url, contentType, bytes);

            var required = (body["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
            foreach (var (field, fieldSchemaNode) in body["properties"]?.AsObject() ?? [])
            {
                var schema = Resolve(document, fieldSchemaNode);
                foreach (var (what, value) in BadFields(field, schema, required.Contains(field)))
                {
                    var json = (JsonObject)baseBody.DeepClone();
                    json[field] = value?.DeepClone();
                    yield return Case($"{field}={what}", json);
                }
                if (required.Contains(field))
                {
                    var missing = (JsonObject)baseBody.DeepClone();
                    missing.Remove(field);
                    yield return Case($"{field} missing", missing);
                }
            }

            // Whole bodies.
            var text = baseBody.ToJsonString();
            var firstString = baseBody.FirstOrDefault(p => p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String);
            yield return Raw("5,000-deep arrays", Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)));
            yield return Raw("5,000-deep objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)));
            if (baseBody.Count > 0)
            {
                var (key, value) = baseBody.First();
                yield return Raw($"duplicate key {key}", Encoding.UTF8.GetBytes("{" + $"\"{key}\":{value?.ToJsonString() ?? "null"}," + text[1..]));
            }
            if (firstString.Key is { } sKey)
            {
                yield return Raw($"lone surrogate in {sKey}", Encoding.UTF8.GetBytes(text.Replace($"\"{sKey}\":\"", $"\"{sKey}\":\"\\ud800")));
                var at = text.IndexOf($"\"{sKey}\":\"", StringComparison.Ordinal) + sKey.Length + 4;
                var bytes = Encoding.UTF8.GetBytes(text[..at]).Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(text[at..])).ToArray();
                yield return Raw($"invalid UTF-8 in {sKey}", bytes);
            }
            yield return Raw("truncated JSON", Encoding.UTF8.GetBytes(text[..(text.Length / 2)]));
            yield return Raw("empty body", []);
            yield return Raw("null body", "null"u8.ToArray());
            yield return Raw("a number as body", "42"u8.ToArray());
            yield return Raw("text/plain", Encoding.UTF8.GetBytes(text), "text/plain");
            yield return Raw("form content type", Encoding.UTF8.GetBytes(text), "application/x-www-form-urlencoded");
            yield return Raw("XML", Encoding.UTF8.GetBytes("<run/>"), "application/xml");
            yield return Raw("no content type", Encoding.UTF8.GetBytes(text), null);
        }
    }

    private static string In(JsonObject p) => p["in"]!.GetValue<string>();
    private static string Name(JsonObject p) => p["name"]!.GetValue<string>();
    private static string Show(string s) => s.Length > 40 ? s[..40] + "…" : s.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0");

    /// <summary>Follows $ref and unwraps "nullable" unions (OpenAPI 3.1: oneOf/anyOf with {"type":"null"}, or a type array).</summary>
    private static JsonObject Resolve(JsonNode document, JsonNode? schema)
    {
        for (var i = 0; i < 10 && schema is JsonObject o; i++)
        {
            if (o["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = document["components"]!["schemas"]![reference.Split('/')[^1]];
                continue;
            }
            if ((o["oneOf"] ?? o["anyOf"]) is JsonArray union && union.OfType<JsonObject>().FirstOrDefault(u => u["type"]?.ToString() != "null") is { } inner)
            {
                schema = inner;
                continue;
            }
            return o;
        }
        return schema as JsonObject ?? [];
    }

    private static string Type(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "",
        JsonValue v => v.GetValue<string>(),
        _ => schema["enum"] is not null ? "string" : schema["properties"] is not null ? "object" : "",
    };

    private static string? Format(JsonObject schema) => schema["format"]?.GetValue<string>();

    private static string BaseParameter(string name, JsonObject schema) => name switch
    {
        "nodeType" => "trainingRun",
        "version" => "1.0.0",
        "use" => "retail-credit-scoring",
        _ when schema["enum"] is JsonArray e && e.Count > 0 => e[0]!.ToString(),
        _ => (Type(schema), Format(schema)) switch
        {
            (_, "uuid") => Guid.NewGuid().ToString(),
            ("integer", _) => "1",
            ("boolean", _) => "true",
            (_, "date-time") => "2026-11-27T10:00:00Z",
            _ => "fuzz-" + name,
        },
    };

    private static JsonObject BaseBody(JsonNode document, JsonObject schema)
    {
        var body = new JsonObject();
        foreach (var field in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
            body[field] = BaseValue(document, field, Resolve(document, schema["properties"]?[field]));
        return body;
    }

    private static JsonNode? BaseValue(JsonNode document, string field, JsonObject schema)
    {
        if (schema["enum"] is JsonArray e && e.Count > 0) return e[0]!.DeepClone();
        if (field.Contains("sha256", StringComparison.OrdinalIgnoreCase)) return Infrastructure.Sha.Of("fuzz");
        return (Type(schema), Format(schema)) switch
        {
            (_, "uuid") => Guid.NewGuid().ToString(),
            (_, "date-time") => "2026-11-27T10:00:00Z",
            ("integer", _) => 1,
            ("number", _) => 1.5,
            ("boolean", _) => true,
            ("array", _) => new JsonArray(),
            ("object", _) when schema["properties"] is not null => BaseBody(document, schema),
            ("object", _) => new JsonObject { ["m"] = 1 },
            _ => field == "version" ? "1.0.0" : "fuzz-" + field,
        };
    }
}
