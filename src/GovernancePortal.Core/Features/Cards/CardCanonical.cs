using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>
/// Canonical JSON of a card revision and its SHA-256 (ADR 0010): object keys sorted by ordinal, no whitespace,
/// enums as names, section text with \n line ends. The same content always gives the same bytes, whatever
/// order the sections were edited or stored in.
/// </summary>
public static class CardCanonical
{
    public const string Schema = "governance-portal/ai-card/1";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string FactsJson(CardFacts facts) => Canonicalize(JsonSerializer.SerializeToNode(facts, Options));

    public static CardFacts ParseFacts(string json) => JsonSerializer.Deserialize<CardFacts>(json, Options)!;

    /// <summary>The hashed content: which version, its free-text sections and the facts stated beside them.</summary>
    public static string Content(Guid modelVersionId, IReadOnlyDictionary<string, string> sections, string factsJson)
    {
        var sectionNode = new JsonObject();
        foreach (var (key, text) in sections.Where(s => s.Value.Trim().Length > 0))
            sectionNode[key] = NormalizeText(text);
        var root = new JsonObject
        {
            ["schema"] = Schema,
            ["modelVersionId"] = modelVersionId.ToString("D"),
            ["sections"] = sectionNode,
            ["facts"] = JsonNode.Parse(factsJson),
        };
        return Canonicalize(root);
    }

    public static string Sha256(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <summary>Browsers post \r\n; trailing whitespace is not content. Both would otherwise change the hash.</summary>
    public static string NormalizeText(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').TrimEnd();

    public static string Canonicalize(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
