using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;

namespace GovernancePortal.UnitTests.Promotions;

public class PolicyYamlTests
{
    private const string Valid = """
        name: High risk to Production
        riskTier: High
        stage: Production
        maxEvidenceAgeDays: 90
        evidenceEnvironments: [Staging]
        requiredApprovers: [Platform, Security, Risk]
        requiredCardSections: [intended-use]
        evidence:
          - kind: Bias
            thresholds:
              - metric: disparate_impact_ratio
                min: 0.8
        """;

    [Fact]
    public void ShippedDefaults_AllParse_OnePerTierAndStage()
    {
        var parsed = PolicyService.Defaults().Select(PolicyYaml.Parse).ToList();
        Assert.All(parsed, p => Assert.True(p.Succeeded, p.Error?.Message));
        var keys = parsed.Select(p => (p.Value!.RiskTier, p.Value.Stage)).ToList();
        Assert.Equal(6, keys.Distinct().Count());
    }

    [Theory]
    [InlineData(RiskTier.Minimal)]
    [InlineData(RiskTier.Limited)]
    [InlineData(RiskTier.High)]
    public void ShippedProductionPolicy_RequiresTheSectionsTheCardMeterShows(RiskTier tier)
    {
        // The card editor's completeness meter uses the tier defaults; the shipped Production gate must agree with it.
        var policy = PolicyService.Defaults().Select(y => PolicyYaml.Parse(y).Value!).Single(p => p.RiskTier == tier && p.Stage == Stage.Production);
        Assert.Equal(GovernancePortal.Core.Features.Cards.CardCompleteness.RequiredFor(tier).Order(), policy.RequiredCardSections.Order());
    }

    [Fact]
    public void Valid_RoundTripsThroughWrite()
    {
        var parsed = PolicyYaml.Parse(Valid).Value!;
        var again = PolicyYaml.Parse(PolicyYaml.Write(parsed)).Value!;
        Assert.Equal(parsed.Name, again.Name);
        Assert.Equal(0.8, again.Evidence.Single().Thresholds.Single().Min);
        Assert.Equal(parsed.RequiredApprovers, again.RequiredApprovers);
        Assert.Equal(parsed.RequiredCardSections, again.RequiredCardSections);
    }

    [Fact]
    public void UnknownKey_IsAnError_WithItsLine()
    {
        var result = PolicyYaml.Parse(Valid.Replace("maxEvidenceAgeDays: 90", "maxEvidenceAge: 90"));
        var error = Assert.IsType<Error.Validation>(result.Error);
        Assert.Contains("line 4", error.Fields["yaml"]);
    }

    [Theory]
    [InlineData("riskTier: High", "riskTier: Extreme", "riskTier")]
    [InlineData("riskTier: High", "riskTier: Prohibited", "riskTier")]
    [InlineData("stage: Production", "stage: Retired", "stage")]
    [InlineData("requiredApprovers: [Platform, Security, Risk]", "requiredApprovers: [Platform, Risk]", "requiredApprovers")]
    [InlineData("requiredApprovers: [Platform, Security, Risk]", "requiredApprovers: [Platform, Security, Risk, Admin]", "requiredApprovers")]
    [InlineData("[intended-use]", "[intended-uses]", "requiredCardSections")]
    [InlineData("kind: Bias", "kind: Vibes", "evidence[0]")]
    [InlineData("min: 0.8", "note: 0.8", "yaml")]
    [InlineData("maxEvidenceAgeDays: 90", "maxEvidenceAgeDays: 0", "maxEvidenceAgeDays")]
    public void InvalidContent_NamesTheField(string from, string to, string field)
    {
        var result = PolicyYaml.Parse(Valid.Replace(from, to));
        var error = Assert.IsType<Error.Validation>(result.Error);
        Assert.True(error.Fields.ContainsKey(field), string.Join("; ", error.Fields));
    }

    [Fact]
    public void ThresholdWithMinAboveMax_IsRefused()
    {
        var result = PolicyYaml.Parse(Valid.Replace("min: 0.8", "min: 0.8\n        max: 0.5"));
        Assert.Contains("min is above max", Assert.IsType<Error.Validation>(result.Error).Fields["evidence[0]"]);
    }

    [Fact]
    public void NoEvidence_IsRefused()
    {
        var yaml = Valid[..Valid.IndexOf("evidence:", StringComparison.Ordinal)];
        Assert.True(Assert.IsType<Error.Validation>(PolicyYaml.Parse(yaml).Error).Fields.ContainsKey("evidence"));
    }

    [Fact]
    public void SplitDocuments_IgnoresCommentOnlyParts() =>
        Assert.Equal(2, PolicyService.SplitDocuments("# header\n---\n" + Valid + "\n---\n" + Valid + "\n---\n# end\n").Count);

    [Fact]
    public void Threshold_BoundsAreInclusive()
    {
        Assert.True(new MetricThreshold("x", null, 0.10).IsMet(0.10));
        Assert.True(new MetricThreshold("x", 0.80, null).IsMet(0.80));
        Assert.False(new MetricThreshold("x", 0.80, null).IsMet(0.7999));
    }

    [Fact]
    public void AllowStaleCard_OffUnlessSaid_AndRoundTrips()
    {
        var plain = PolicyYaml.Parse(Valid).Value!;
        Assert.False(plain.AllowStaleCard);
        Assert.DoesNotContain("allowStaleCard", PolicyYaml.Write(plain));

        var allowing = PolicyYaml.Parse(Valid + "\nallowStaleCard: true").Value!;
        Assert.True(allowing.AllowStaleCard);
        Assert.True(PolicyYaml.Parse(PolicyYaml.Write(allowing)).Value!.AllowStaleCard);
        Assert.False(PolicyYaml.Parse(Valid + "\nallowStaleCard: maybe").Succeeded);
    }
}
