using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;

namespace GovernancePortal.UnitTests.Cards;

public class CardFactsTests
{
    private static EvaluationFacts NewBias(bool passed = false) => new(Guid.Parse("01900000-0000-7000-8000-0000000000aa"), EvaluationKind.Bias, passed,
        new SortedDictionary<string, double> { ["demographic_parity_difference"] = 0.14 }, null, null, CardSamples.Sha, new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Lines_EachFactLinksToItsSource()
    {
        var lines = CardSamples.Facts().Lines().ToList();
        Assert.Contains(lines, l => l.Key == "model.sha256" && l.Value == CardSamples.Sha && l.Entity == FactEntity.ModelVersion);
        Assert.Contains(lines, l => l.Section == CardSections.TrainingData && l.Entity == FactEntity.DatasetVersion && l.EntityId == CardSamples.DatasetId);
        Assert.Contains(lines, l => l.Section == CardSections.EvaluationResults && l.Value.StartsWith("passed · auc = 0.861, ks = 0.52"));
        Assert.Contains(lines, l => l.Section == CardSections.BusinessUses && l.Entity == FactEntity.Endpoint);
        Assert.Contains(lines, l => l.Section == CardSections.EvaluationData && l.Value == "credit/holdout @ 2025-Q2");
    }

    [Fact]
    public void Between_SameFacts_NotStale()
    {
        Assert.Empty(FactDiff.Between(CardSamples.Facts(), CardSamples.Facts()));
    }

    [Fact]
    public void Between_NewEvaluation_ListedAsAdded()
    {
        var change = Assert.Single(FactDiff.Between(CardSamples.Facts(), CardSamples.Facts(RiskTier.High, NewBias())));
        Assert.Null(change.Before);
        Assert.Contains("FAILED", change.After);
        Assert.Equal("Bias evaluation", change.Label);
    }

    [Fact]
    public void Between_ChangedDigestAndRemovedDeployment_BothListed()
    {
        var saved = CardSamples.Facts();
        var live = saved with { Model = saved.Model with { Sha256 = new string('a', 64) }, Deployments = [] };
        var changes = FactDiff.Between(saved, live);
        Assert.Contains(changes, c => c.Key == "model.sha256" && c.Before == CardSamples.Sha && c.After == new string('a', 64));
        Assert.Contains(changes, c => c.Key.StartsWith("deployment:") && c.After is null);
    }

    [Fact]
    public void FactsJson_RoundTrips_AndIsCanonical()
    {
        var json = CardCanonical.FactsJson(CardSamples.Facts());
        Assert.Equal(json, CardCanonical.FactsJson(CardCanonical.ParseFacts(json)));
        Assert.Empty(FactDiff.Between(CardCanonical.ParseFacts(json), CardSamples.Facts()));
        Assert.Contains("\"kind\":\"Performance\"", json);
    }

    [Fact]
    public void Content_SameSectionsInAnotherOrderOrWithCrLf_SameHash()
    {
        var facts = CardCanonical.FactsJson(CardSamples.Facts());
        var a = CardSamples.Sections();
        var b = a.Reverse().ToDictionary(p => p.Key, p => p.Value.Replace("\n", "\r\n") + "  \n");
        b[CardSections.Limitations + ""] = b[CardSections.Limitations];
        Assert.Equal(CardCanonical.Sha256(CardCanonical.Content(CardSamples.VersionId, a, facts)),
            CardCanonical.Sha256(CardCanonical.Content(CardSamples.VersionId, b, facts)));
    }

    [Fact]
    public void Content_ChangedTextOrFact_ChangesHash()
    {
        var facts = CardCanonical.FactsJson(CardSamples.Facts());
        var sections = CardSamples.Sections();
        var hash = CardCanonical.Sha256(CardCanonical.Content(CardSamples.VersionId, sections, facts));
        var edited = new Dictionary<string, string>(sections) { [CardSections.Limitations] = "Changed." };
        Assert.NotEqual(hash, CardCanonical.Sha256(CardCanonical.Content(CardSamples.VersionId, edited, facts)));
        var moreFacts = CardCanonical.FactsJson(CardSamples.Facts(RiskTier.High, NewBias()));
        Assert.NotEqual(hash, CardCanonical.Sha256(CardCanonical.Content(CardSamples.VersionId, sections, moreFacts)));
    }

    [Fact]
    public void Canonicalize_SortsKeysAtEveryLevel()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""{"b":1,"a":{"z":[{"y":1,"x":2}],"c":null}}""");
        Assert.Equal("""{"a":{"c":null,"z":[{"x":2,"y":1}]},"b":1}""", CardCanonical.Canonicalize(node));
    }

    [Fact]
    public void ForReview_StageAndDeploymentChanges_AreNotStale_ButNewEvidenceIs()
    {
        var saved = CardSamples.Facts();
        // What a promotion and a deployment change by themselves: the use's stage, the endpoints.
        var promoted = saved with { Uses = saved.Uses.Select(u => u with { Stage = Stage.Retired }).ToList(), Deployments = [] };
        Assert.NotEmpty(FactDiff.Between(saved, promoted));
        Assert.Empty(FactDiff.ForReview(saved, promoted));

        var change = Assert.Single(FactDiff.ForReview(saved, CardSamples.Facts(RiskTier.High, NewBias())));
        Assert.StartsWith("Bias evaluation added (FAILED", FactDiff.Describe(change));
    }
}
