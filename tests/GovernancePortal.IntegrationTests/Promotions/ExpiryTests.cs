using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GovernancePortal.IntegrationTests.Promotions;

public sealed class ExpiryTests : IAsyncDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly PortalFactory factory;

    public ExpiryTests() => factory = new PromotionsFactory { Time = clock };

    [Fact]
    public async Task PendingForMoreThan30Days_Expires_AndCannotBeSigned()
    {
        var s = new PromotionScenario(factory);
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        clock.Advance(TimeSpan.FromDays(29));
        await factory.Get<PromotionService>().RevalidateAsync(id);
        Assert.Equal(PromotionStatus.Pending, (await s.RowAsync(id)).Status);

        clock.Advance(TimeSpan.FromDays(2));
        var result = await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform);
        Assert.IsType<Error.Conflict>(result.Error);
        Assert.Equal(PromotionStatus.Expired, (await s.RowAsync(id)).Status);
    }

    [Fact]
    public async Task EvidenceThatAgesOutOfThePolicy_DeniesTheRelease()
    {
        var s = new PromotionScenario(factory);
        var version = await s.ReadyVersionAsync();
        var id = await s.RequestAsync(version);
        await s.ApproveAsync(id);
        var name = (await factory.Get<GovernancePortal.Core.Features.Inventory.ModelRegistryService>().GetVersionAsync(version))!.Model!.Name;
        var decisions = factory.Get<ReleaseDecisionService>();
        Assert.True((await decisions.DecideAsync(name, "1.0.0", PromotionScenario.Use, Stage.Production)).Value!.Allowed);

        clock.Advance(TimeSpan.FromDays(181)); // the minimal-risk policy accepts evidence up to 180 days old
        var later = (await decisions.DecideAsync(name, "1.0.0", PromotionScenario.Use, Stage.Production)).Value!;
        Assert.False(later.Allowed);
        Assert.Contains(later.Reasons, r => r.Contains("181 days old"));
        Assert.Null(later.Attestation);
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
