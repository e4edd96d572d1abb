using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>The demo, loaded through the real AI Card service: promotions in every state the issue asks for.</summary>
public class DemoPromotionsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PromotionRow> OneAsync(string model, string version, Stage stage) =>
        (await factory.Get<PromotionQueries>().ListAsync(null, pageSize: 200)).Items
            .Where(r => r.ModelName == model && r.Version == version && r.Stage == stage && !(r.Approvals.Count > 0 && r.Approvals.All(a => a.Comment.StartsWith("Approved in CHG", StringComparison.Ordinal))))
            .OrderByDescending(r => r.CreatedAt).First();

    [Fact]
    public async Task Demo_HasApprovedPendingRejectedAndInvalidatedRequests()
    {
        var approved = await OneAsync("fraud-gbt", "4.3.0", Stage.Staging);
        Assert.Equal(PromotionStatus.Approved, approved.Status);
        Assert.Equal(3, approved.Approvals.Count(a => a.Valid));

        var waiting = await OneAsync("fraud-gbt", "4.3.0", Stage.Production);
        Assert.Equal(PromotionStatus.Pending, waiting.Status);
        Assert.Equal([ReviewerRole.Platform], waiting.Signed);

        var rejected = await OneAsync("credit-risk-xgb", "1.2.0", Stage.Production);
        Assert.Equal(PromotionStatus.Rejected, rejected.Status);
        Assert.Contains("demographic parity", rejected.RejectionReason);

        var invalidated = await OneAsync("fraud-autoencoder", "1.0.0", Stage.Staging);
        Assert.Equal(PromotionStatus.Pending, invalidated.Status);
        Assert.Equal(2, invalidated.Approvals.Count(a => !a.Valid));
        Assert.Contains("new evidence: Robustness evaluation", invalidated.ReviewNote);
    }

    [Fact]
    public async Task ApprovalsBindToTheRealPublishedCardRevision()
    {
        var approved = await OneAsync("fraud-gbt", "4.3.0", Stage.Staging);
        var card = await factory.Get<IPublishedCards>().LatestPublishedAsync(approved.ModelVersionId);
        Assert.NotNull(card);
        var detail = (await factory.Get<PromotionQueries>().DetailAsync(approved.Id))!;
        Assert.Contains(detail.Gates.Inputs.Evidence, e => e.Binding == $"card:{card.Revision}:{card.Sha256}");
        Assert.Equal(approved.DecisionHash, detail.Gates.DecisionHash);
    }
}
