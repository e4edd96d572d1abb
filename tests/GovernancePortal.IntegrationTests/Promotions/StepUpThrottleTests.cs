using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>The step-up password at signing: wrong guesses are throttled per account before they can lock the reviewer out.</summary>
public class StepUpThrottleTests : IAsyncLifetime
{
    private readonly PromotionsFactory factory = new() { Settings = new() { ["SignIn:StepUpFailures"] = "2" } };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task WrongStepUpPasswords_AreRefusedAfterTheBudget_WithoutLockingTheAccount()
    {
        var s = new PromotionScenario(factory);
        var email = await s.UserAsync(Roles.SecurityReviewer);
        var id = await s.RequestAsync(await s.ReadyVersionAsync());

        for (var i = 0; i < 2; i++)
            Assert.True(Assert.IsType<Error.Validation>((await s.SignAsync(id, email, ReviewerRole.Security, password: "not-my-password")).Error).Fields.ContainsKey("Password"));
        var throttled = await s.SignAsync(id, email, ReviewerRole.Security, password: "not-my-password");
        Assert.Contains("Too many wrong passwords", Assert.IsType<Error.Forbidden>(throttled.Error).Message);
        // Even the right password waits: the budget is per account, whoever holds the screen.
        Assert.Contains("Too many wrong passwords", (await s.SignAsync(id, email, ReviewerRole.Security)).Error?.Message);

        await using var db = factory.NewDb();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(2, user.AccessFailedCount);
        Assert.Null(user.LockoutEnd);
        Assert.Empty((await s.RowAsync(id)).Approvals);
    }
}
