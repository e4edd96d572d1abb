using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>
/// The demo's fraud-autoencoder card was published before a red-team run was registered, so its card page says stale: the
/// card gate must say so too, unless the policy allows a stale card (and then it says that plainly).
/// </summary>
public class StaleCardGateTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<GateCheckResult> CardCheckAsync()
    {
        var request = (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Pending, pageSize: 200)).Items
            .Single(r => r.ModelName == "fraud-autoencoder" && r.Stage == Stage.Staging);
        var detail = (await factory.Get<PromotionQueries>().DetailAsync(request.Id))!;
        return detail.Gates.Checks.Single(c => c.Gate == AiCardGate.Name);
    }

    [Fact]
    public async Task CardGate_StalePublishedCard_FailsAndSaysWhatChanged_UnlessThePolicyAllowsIt()
    {
        var failed = await CardCheckAsync();
        Assert.Equal(CheckStatus.Failed, failed.Status);
        Assert.StartsWith("The published card is stale: Robustness evaluation added", failed.Reason);

        // An Admin writes the next High → Staging policy with allowStaleCard: the gate passes and says why.
        var policies = factory.Get<PolicyService>();
        await using (var db = factory.NewDb())
        {
            var current = (await policies.CurrentAsync(db, RiskTier.High, Stage.Staging))!;
            var allowing = PolicyYaml.Write(PolicyYaml.Parse(current.Yaml).Value! with { AllowStaleCard = true });
            Assert.True((await policies.SaveAsync(PortalFactory.Admin, allowing, "Tolerate stale cards in Staging")).Succeeded);
        }
        var allowed = await CardCheckAsync();
        Assert.Equal(CheckStatus.Passed, allowed.Status);
        Assert.Contains("the published card is stale: Robustness evaluation added", allowed.Reason);
        Assert.Contains("The policy allows a stale card", allowed.Reason);
    }

    [Fact]
    public async Task CardGate_CardPublishedOnCurrentFacts_PassesAfterTheVersionWasPromoted()
    {
        // fraud-gbt 4.3.0 was approved for Staging after its card was published: its use's stage and its deployments changed
        // since, which the card page shows but which the promotion itself caused; the reviewed facts still hold.
        var request = (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Pending, pageSize: 200)).Items
            .Single(r => r.ModelName == "fraud-gbt" && r.Version == "4.3.0" && r.Stage == Stage.Production);
        var detail = (await factory.Get<PromotionQueries>().DetailAsync(request.Id))!;
        var card = detail.Gates.Checks.Single(c => c.Gate == AiCardGate.Name);
        Assert.Equal(CheckStatus.Passed, card.Status);
        Assert.Contains("states the register as it is", card.Reason);
    }
}
