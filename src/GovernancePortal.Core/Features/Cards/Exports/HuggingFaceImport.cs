using System.Text;
using System.Text.RegularExpressions;

namespace GovernancePortal.Core.Features.Cards.Exports;

/// <summary>
/// Reads the free text of a Hugging Face model card README into card sections. Headings of the hub template
/// and of our own export map to section keys; a heading that maps to nothing stays inside the current section
/// (a top-level one goes to caveats). Front matter and our register-facts blocks are not text and are skipped.
/// </summary>
public static partial class HuggingFaceImport
{
    private static readonly Dictionary<string, string> Headings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["model details"] = CardSections.ModelDetails, ["model description"] = CardSections.ModelDetails,
        ["technical specifications"] = CardSections.ModelDetails, ["model architecture and objective"] = CardSections.ModelDetails,
        ["uses"] = CardSections.IntendedUse, ["direct use"] = CardSections.IntendedUse, ["downstream use"] = CardSections.IntendedUse,
        ["intended uses & limitations"] = CardSections.IntendedUse, ["intended use"] = CardSections.IntendedUse,
        ["out-of-scope use"] = CardSections.OutOfScopeUses, ["out-of-scope uses"] = CardSections.OutOfScopeUses,
        ["training details"] = CardSections.TrainingData, ["training data"] = CardSections.TrainingData, ["training procedure"] = CardSections.TrainingData,
        ["testing data, factors & metrics"] = CardSections.EvaluationData, ["testing data"] = CardSections.EvaluationData, ["evaluation data"] = CardSections.EvaluationData,
        ["evaluation"] = CardSections.EvaluationResults, ["results"] = CardSections.EvaluationResults, ["evaluation results"] = CardSections.EvaluationResults,
        ["factors"] = CardSections.QuantitativeAnalysis,
        ["bias, risks, and limitations"] = CardSections.Limitations, ["limitations"] = CardSections.Limitations,
        ["recommendations"] = CardSections.CaveatsRecommendations,
        ["environmental impact"] = CardSections.EthicalLegal,
    };

    static HuggingFaceImport()
    {
        foreach (var s in CardSectionInfo.All) Headings[s.Title] = s.Key;
    }

    /// <summary>READMEs are pasted by people; anything larger is not a model card and only costs the circuit time.</summary>
    public const int MaxReadmeLength = 512 * 1024;

    // Linear on purpose: a lazy title followed by optional spaces and #s backtracks quadratically (or worse) on a
    // long run of spaces, so the closing #s and whitespace are trimmed in code instead.
    [GeneratedRegex(@"^(#{1,6})[ \t]+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\s*\[optional\]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OptionalSuffix();

    public static Dictionary<string, string> Sections(string readme)
    {
        var lines = readme.Replace("\r\n", "\n").Split('\n').AsEnumerable();
        if (lines.FirstOrDefault()?.Trim() == "---") lines = lines.Skip(1).SkipWhile(l => l.Trim() != "---").Skip(1);

        var text = new Dictionary<string, StringBuilder>();
        string? current = null;
        bool inFence = false, inFacts = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.Trim() == HuggingFaceExport.FactsStart) { inFacts = true; continue; }
            if (!inFence && line.Trim() == HuggingFaceExport.FactsEnd) { inFacts = false; continue; }
            if (inFacts) continue;
            if (!inFence && Heading().Match(line) is { Success: true } h)
            {
                var title = OptionalSuffix().Replace(HeadingTitle(h.Groups[2].Value), "");
                if (title.Length == 0) { AppendTo(text, current, line); continue; }
                if (Headings.TryGetValue(title, out var key)) { current = key; continue; }
                if (h.Groups[1].Length == 1) { current = null; continue; } // the card's title
                if (h.Groups[1].Length == 2) current = CardSections.CaveatsRecommendations;
            }
            AppendTo(text, current, line);
        }
        return text.Select(t => (t.Key, Text: CardCanonical.NormalizeText(t.Value.ToString()).Trim('\n')))
            .Where(t => t.Text.Trim().Length > 0).ToDictionary(t => t.Key, t => t.Text);
    }

    private static void AppendTo(Dictionary<string, StringBuilder> text, string? section, string line)
    {
        if (section is null) return;
        (text.TryGetValue(section, out var sb) ? sb : text[section] = new StringBuilder()).Append(line).Append('\n');
    }

    /// <summary>An ATX heading's text without its optional closing sequence of #s and surrounding whitespace.</summary>
    internal static string HeadingTitle(string rest)
    {
        var title = rest.TrimEnd();
        var closing = title.TrimEnd('#');
        // Closing #s count only when preceded by whitespace ("## C#" keeps its #) or when they are all there is.
        if (closing.Length < title.Length && (closing.Length == 0 || char.IsWhiteSpace(closing[^1]))) title = closing.TrimEnd();
        return title;
    }
}
