using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace GovernancePortal.Core.Features.Cards.Exports;

/// <summary>
/// The card as a Hugging Face model card README: YAML front matter (hub metadata spec, <c>model-index</c> for
/// evaluation results) and one <c>##</c> section per card section. Register facts are wrapped in marker comments
/// so an import of this README takes back only the authors' text.
/// </summary>
public static partial class HuggingFaceExport
{
    public const string FactsStart = "<!-- governance-portal:facts (from the register; not imported) -->";
    public const string FactsEnd = "<!-- /governance-portal:facts -->";

    public static string Write(CardDocument doc)
    {
        var sb = new StringBuilder("---\n").Append(FrontMatter(doc)).Append("---\n\n");
        sb.Append($"# {doc.Model.Name} v{doc.Model.Version}\n\n");
        sb.Append($"AI Card revision {doc.Revision} ({doc.Status}), SHA-256 `{doc.Sha256}`.\n\n");
        var lines = doc.Facts.Lines().ToLookup(l => l.Section);
        foreach (var info in CardSectionInfo.All)
        {
            var text = doc.Sections.GetValueOrDefault(info.Key);
            var facts = lines[info.Key].ToList();
            if (string.IsNullOrWhiteSpace(text) && facts.Count == 0) continue;
            sb.Append($"## {info.Title}\n\n");
            if (!string.IsNullOrWhiteSpace(text)) sb.Append(CardCanonical.NormalizeText(text)).Append("\n\n");
            if (facts.Count > 0)
            {
                sb.Append(FactsStart).Append('\n');
                foreach (var f in facts) sb.Append($"- **{f.Label}:** {f.Value}\n");
                sb.Append(FactsEnd).Append("\n\n");
            }
        }
        return sb.ToString();
    }

    private static string FrontMatter(CardDocument doc)
    {
        var meta = new Dictionary<string, object>();
        if (Licence(doc.Sections.GetValueOrDefault(CardSections.ModelDetails)) is { } licence) meta["license"] = licence;
        meta["library_name"] = doc.Model.Framework.Split(' ')[0].ToLowerInvariant();
        meta["tags"] = new List<string> { "governance-portal", $"risk-tier-{doc.Completeness.Tier.ToString().ToLowerInvariant()}" };
        if (doc.Facts.TrainingData.Count > 0) meta["datasets"] = doc.Facts.TrainingData.Select(d => d.Name).Distinct().ToList();
        var metrics = doc.Facts.Evaluations.SelectMany(e => e.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (metrics.Count > 0) meta["metrics"] = metrics;
        // huggingface_hub drops results without a dataset, so evaluations without one stay in the body only.
        var results = doc.Facts.Evaluations.Where(e => e.Dataset is not null).Select(e => new Dictionary<string, object>
        {
            ["task"] = new Dictionary<string, object> { ["type"] = e.Kind.ToString().ToLowerInvariant(), ["name"] = $"{e.Kind} evaluation" },
            ["dataset"] = new Dictionary<string, object> { ["type"] = e.Dataset!.Split(" @ ")[0], ["name"] = e.Dataset, ["revision"] = e.Dataset.Split(" @ ")[^1] },
            ["metrics"] = e.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new Dictionary<string, object>
            {
                ["type"] = m.Key, ["value"] = m.Value, ["name"] = $"{m.Key} ({(e.Passed ? "passed" : "failed")})",
            }).ToList(),
        }).ToList();
        if (results.Count > 0) meta["model-index"] = new List<object> { new Dictionary<string, object> { ["name"] = doc.Model.Name, ["results"] = results } };
        meta["governance_portal"] = new Dictionary<string, object>
        {
            ["card_revision"] = doc.Revision, ["status"] = doc.Status, ["card_sha256"] = doc.Sha256,
            ["model_version"] = doc.Model.Version, ["model_sha256"] = doc.Model.Sha256, ["risk_tier"] = doc.Completeness.Tier.ToString(),
        };
        // Quote every string a YAML reader would otherwise take for another type: model_version 2025.10 must not
        // come back as the number 2025.1, nor a framework named "true…" / "null" as a boolean or null. YAML 1.1
        // forms (yes/no/on/off) too, since the hub reads front matter with PyYAML. Must precede the other With*.
        return new SerializerBuilder().WithQuotingNecessaryStrings(quoteYaml1_1Strings: true).DisableAliases().Build().Serialize(meta);
    }

    [GeneratedRegex(@"^\W*licen[cs]e\W*[:\-]\s*`?([A-Za-z0-9][A-Za-z0-9.\-+]*)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex LicenceLine();

    /// <summary>A "Licence: apache-2.0" line in model details becomes the hub's <c>license</c> id.</summary>
    internal static string? Licence(string? modelDetails) =>
        modelDetails is not null && LicenceLine().Match(modelDetails) is { Success: true } m ? m.Groups[1].Value.ToLower(CultureInfo.InvariantCulture) : null;
}
