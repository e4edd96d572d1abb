using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>Two reviewers signing at the same moment: both land, or one gets a clear message. Never a lost signature.</summary>
public class ConcurrentSigningTests(PromotionsFactory factory) : IClassFixture<PromotionsFactory>
{
    private readonly PromotionScenario s = new(factory);

    [Fact]
    public async Task LastTwoRolesAtOnce_BothLand_AndTheStageMovesOnce()
    {
        for (var round = 0; round < 3; round++)
        {
            var version = await s.ReadyVersionAsync();
            var id = await s.RequestAsync(version);
            Assert.True((await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform)).Succeeded);
            var results = await Task.WhenAll(
                Task.Run(() => s.SignAsync(id, "security@demo.local", ReviewerRole.Security)),
                Task.Run(() => s.SignAsync(id, "risk@demo.local", ReviewerRole.Risk)));
            Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
            var row = await s.RowAsync(id);
            Assert.Equal(3, row.Approvals.Count(a => a.Valid));
            Assert.Equal(PromotionStatus.Approved, row.Status);
            Assert.Equal(Stage.Production, await s.StageAsync(version));
        }
    }

    [Fact]
    public async Task SameRoleAtOnce_OneWins_TheOtherIsToldWho()
    {
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        var results = await Task.WhenAll(
            Task.Run(() => s.SignAsync(id, "risk@demo.local", ReviewerRole.Risk)),
            Task.Run(() => s.SignAsync(id, "risk2@demo.local", ReviewerRole.Risk)));
        Assert.Single(results, r => r.Succeeded);
        var loser = Assert.Single(results, r => !r.Succeeded);
        Assert.Contains("Risk is already signed by", Assert.IsType<Error.Conflict>(loser.Error).Message);
        Assert.Single((await s.RowAsync(id)).Approvals);
    }
}
