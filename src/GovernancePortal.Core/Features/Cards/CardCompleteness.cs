using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>How complete a card is for the risk tier of its uses.</summary>
public sealed record Completeness(RiskTier Tier, IReadOnlyList<string> Required, IReadOnlyList<string> Missing)
{
    public int Percent => Required.Count == 0 ? 100 : (Required.Count - Missing.Count) * 100 / Required.Count;
    public bool IsComplete => Missing.Count == 0;
}

/// <summary>
/// Default required sections per risk tier. The stricter tier always requires what the laxer one does; a
/// prohibited use requires everything (a card cannot make it acceptable, but it must say why it exists).
/// </summary>
public static class CardCompleteness
{
    private static readonly string[] MinimalSections = [CardSections.IntendedUse, CardSections.Limitations];

    private static readonly string[] LimitedSections =
    [
        .. MinimalSections, CardSections.ModelDetails, CardSections.OutOfScopeUses, CardSections.TrainingData,
        CardSections.EvaluationResults, CardSections.RiskTier,
    ];

    private static readonly string[] HighSections =
    [
        .. LimitedSections, CardSections.QuantitativeAnalysis, CardSections.RobustnessRedTeam, CardSections.HumanOversight,
        CardSections.MonitoringPlan,
    ];

    public static IReadOnlyList<string> RequiredFor(RiskTier tier)
    {
        var keys = tier switch
        {
            RiskTier.Minimal => MinimalSections,
            RiskTier.Limited => LimitedSections,
            RiskTier.High => HighSections,
            _ => CardSections.All.ToArray(),
        };
        return CardSections.All.Where(keys.Contains).ToList(); // in card order
    }

    /// <summary>Sections with content: text written by hand, or, for register-filled sections, facts.</summary>
    public static IReadOnlySet<string> Completed(IReadOnlyDictionary<string, string> sections, CardFacts facts)
    {
        var withFacts = facts.Lines().Select(l => l.Section).Where(CardFacts.FactSections.Contains);
        return sections.Where(s => s.Value.Trim().Length > 0).Select(s => s.Key).Concat(withFacts).ToHashSet();
    }

    public static Completeness Evaluate(IReadOnlyDictionary<string, string> sections, CardFacts facts)
    {
        var tier = facts.EffectiveTier;
        var required = RequiredFor(tier);
        var done = Completed(sections, facts);
        return new(tier, required, required.Where(k => !done.Contains(k)).ToList());
    }
}
