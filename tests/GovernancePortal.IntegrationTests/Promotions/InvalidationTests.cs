using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>Approvals bind to the decision hash; any change of the facts behind it invalidates them.</summary>
public class InvalidationTests(PromotionsFactory factory) : IClassFixture<PromotionsFactory>
{
    private readonly PromotionScenario s = new(factory);

    private async Task<(Guid Version, Guid Request)> TwoSignaturesAsync()
    {
        var version = await s.ReadyVersionAsync();
        var id = await s.RequestAsync(version);
        Assert.True((await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform)).Succeeded);
        Assert.True((await s.SignAsync(id, "security@demo.local", ReviewerRole.Security)).Succeeded);
        return (version, id);
    }

    private async Task<PromotionRow> RevalidatedAsync(Guid id)
    {
        await factory.Get<PromotionService>().RevalidateAsync(id);
        return await s.RowAsync(id);
    }

    [Fact]
    public async Task NewEvidence_InvalidatesApprovals_AndSaysWhy()
    {
        var (version, id) = await TwoSignaturesAsync();
        var hash = (await s.RowAsync(id)).DecisionHash;
        await s.AddEvidenceAsync(version, EvaluationKind.Bias, ("disparate_impact_ratio", 0.95));

        var row = await RevalidatedAsync(id);
        Assert.Equal(PromotionStatus.Pending, row.Status);
        Assert.NotEqual(hash, row.DecisionHash);
        Assert.All(row.Approvals, a => Assert.False(a.Valid));
        Assert.Contains("new evidence: Bias evaluation", row.ReviewNote);
        // Signatures start over on the new facts.
        Assert.True((await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform)).Succeeded);
    }

    [Fact]
    public async Task NewPublishedCardRevision_InvalidatesApprovals()
    {
        var (version, id) = await TwoSignaturesAsync();
        factory.Cards!.Publish(version);
        var row = await RevalidatedAsync(id);
        Assert.All(row.Approvals, a => Assert.False(a.Valid));
        Assert.Contains("AI Card revision 2", row.ReviewNote);
    }

    [Fact]
    public async Task NewPolicyVersion_InvalidatesApprovals()
    {
        var (_, id) = await TwoSignaturesAsync();
        var policies = factory.Get<PolicyService>();
        await using (var db = factory.NewDb())
        {
            var current = (await policies.CurrentAsync(db, RiskTier.Minimal, Stage.Production))!;
            var edited = current.Yaml.Replace("maxEvidenceAgeDays: 180", "maxEvidenceAgeDays: 120");
            Assert.NotEqual(current.Yaml, edited);
            Assert.True((await policies.SaveAsync(PortalFactory.Admin, edited, "Shorter evidence window")).Succeeded);
        }
        var row = await RevalidatedAsync(id);
        Assert.All(row.Approvals, a => Assert.False(a.Valid));
        Assert.Contains("policy changed", row.ReviewNote);
    }

    [Fact]
    public async Task UnchangedFacts_KeepApprovals()
    {
        var (_, id) = await TwoSignaturesAsync();
        var row = await RevalidatedAsync(id);
        Assert.Equal(2, row.Approvals.Count(a => a.Valid));
        Assert.Null(row.ReviewNote);
    }

    [Fact]
    public async Task SignatureOnAStaleScreen_IsRefused()
    {
        var version = await s.ReadyVersionAsync();
        var id = await s.RequestAsync(version);
        var seen = (await s.RowAsync(id)).DecisionHash;
        await s.AddEvidenceAsync(version, EvaluationKind.Performance, ("auc", 0.81));
        var result = await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform, reviewedHash: seen);
        Assert.Contains("evidence changed while you were reviewing", Assert.IsType<Error.Conflict>(result.Error).Message);
        Assert.True((await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform, reviewedHash: (await s.RowAsync(id)).DecisionHash)).Succeeded);
    }

    [Fact]
    public async Task InvalidPolicyYaml_ChangesNothing()
    {
        var policies = factory.Get<PolicyService>();
        var before = await policies.CurrentAllAsync();
        var result = await policies.SaveAsync(PortalFactory.Admin, "name: x\nriskTier: Minimal\nstage: Production\n", "broken");
        Assert.IsType<Error.Validation>(result.Error);
        Assert.Equal(before.Select(p => p.Version), (await policies.CurrentAllAsync()).Select(p => p.Version));
        Assert.IsType<Error.Forbidden>((await policies.SaveAsync(PromotionScenario.Scientist, PolicyService.Defaults().First(), "")).Error);
    }
}
