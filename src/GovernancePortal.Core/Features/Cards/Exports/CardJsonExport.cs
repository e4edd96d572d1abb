using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovernancePortal.Core.Features.Cards.Exports;

/// <summary>
/// The card as JSON: revision metadata, then <c>content</c> exactly as hashed (ADR 0010), so a reader can verify
/// <c>sha256</c> by canonicalising <c>content</c> and hashing its UTF-8 bytes.
/// </summary>
public static class CardJsonExport
{
    public static string Write(CardDocument doc)
    {
        var content = JsonNode.Parse(CardCanonical.Content(doc.Model.Id, doc.Sections, CardCanonical.FactsJson(doc.Facts)));
        var root = new JsonObject
        {
            ["cardId"] = doc.CardId.ToString("D"),
            ["model"] = doc.Model.Name,
            ["version"] = doc.Model.Version,
            ["revision"] = doc.Revision,
            ["status"] = doc.Status,
            ["at"] = doc.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["sha256"] = doc.Sha256,
            ["riskTier"] = doc.Completeness.Tier.ToString(),
            ["missingSections"] = new JsonArray(doc.Completeness.Missing.Select(m => (JsonNode?)m).ToArray()),
            ["content"] = content,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
