using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;

namespace GovernancePortal.UnitTests.Cards;

public class CardCompletenessTests
{
    [Fact]
    public void RequiredFor_High_IncludesTheIssuesList()
    {
        var high = CardCompleteness.RequiredFor(RiskTier.High);
        string[] expected = [CardSections.IntendedUse, CardSections.OutOfScopeUses, CardSections.TrainingData, CardSections.EvaluationResults,
            CardSections.QuantitativeAnalysis, CardSections.RobustnessRedTeam, CardSections.Limitations, CardSections.RiskTier,
            CardSections.HumanOversight, CardSections.MonitoringPlan];
        Assert.All(expected, key => Assert.Contains(key, high));
    }

    [Fact]
    public void RequiredFor_StricterTiers_RequireEverythingLaxerOnesDo()
    {
        var minimal = CardCompleteness.RequiredFor(RiskTier.Minimal);
        var limited = CardCompleteness.RequiredFor(RiskTier.Limited);
        var high = CardCompleteness.RequiredFor(RiskTier.High);
        Assert.True(minimal.Count < limited.Count && limited.Count < high.Count);
        Assert.Subset(limited.ToHashSet(), minimal.ToHashSet());
        Assert.Subset(high.ToHashSet(), limited.ToHashSet());
        Assert.Equal(CardSections.All, CardCompleteness.RequiredFor(RiskTier.Prohibited));
    }

    [Fact]
    public void Evaluate_RegisterFactsCountForFactSections_TextForTheRest()
    {
        var result = CardCompleteness.Evaluate(CardSamples.Sections(), CardSamples.Facts(RiskTier.High));
        Assert.Equal(RiskTier.High, result.Tier);
        // Training data and evaluation results have facts from lineage and evaluations; nobody typed them.
        Assert.DoesNotContain(CardSections.TrainingData, result.Missing);
        Assert.DoesNotContain(CardSections.EvaluationResults, result.Missing);
        Assert.Equal([CardSections.QuantitativeAnalysis, CardSections.RobustnessRedTeam, CardSections.RiskTier, CardSections.HumanOversight, CardSections.MonitoringPlan], result.Missing);
        Assert.Equal(6 * 100 / 11, result.Percent);
    }

    [Fact]
    public void Evaluate_MinimalUse_SameCardIsComplete()
    {
        var result = CardCompleteness.Evaluate(CardSamples.Sections(), CardSamples.Facts(RiskTier.Minimal));
        Assert.True(result.IsComplete);
        Assert.Equal(100, result.Percent);
    }

    [Fact]
    public void Evaluate_NoUseRecorded_HeldToHigh()
    {
        Assert.Equal(RiskTier.High, CardSamples.Facts(tier: null).EffectiveTier);
    }

    [Fact]
    public void Evaluate_WhitespaceOnlySection_IsMissing()
    {
        var sections = new Dictionary<string, string> { [CardSections.IntendedUse] = "  \n ", [CardSections.Limitations] = "x" };
        var result = CardCompleteness.Evaluate(sections, CardSamples.Facts(RiskTier.Minimal));
        Assert.Equal([CardSections.IntendedUse], result.Missing);
    }
}
