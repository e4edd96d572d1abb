using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>Who may sign: enforced by the service at the moment of signing, whatever a UI shows.</summary>
public class SeparationOfDutiesTests(PromotionsFactory factory) : IClassFixture<PromotionsFactory>
{
    private readonly PromotionScenario s = new(factory);

    [Fact]
    public async Task ThreeDifferentReviewers_Approve_AndTheLastSignatureMovesTheStage()
    {
        var version = await s.ReadyVersionAsync();
        var id = await s.RequestAsync(version);
        Assert.True((await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform)).Succeeded);
        Assert.True((await s.SignAsync(id, "security@demo.local", ReviewerRole.Security)).Succeeded);
        Assert.Equal(PromotionStatus.Pending, (await s.RowAsync(id)).Status);
        Assert.Null(await s.StageAsync(version));

        Assert.True((await s.SignAsync(id, "risk@demo.local", ReviewerRole.Risk)).Succeeded);
        var row = await s.RowAsync(id);
        Assert.Equal(PromotionStatus.Approved, row.Status);
        Assert.All(row.Approvals, a => Assert.Equal(row.DecisionHash, a.DecisionHash));
        Assert.Equal(Stage.Production, await s.StageAsync(version));
    }

    [Fact]
    public async Task Requester_CannotApprove_EvenHoldingTheRole()
    {
        var email = await s.UserAsync(Roles.DataScientist, Roles.RiskReviewer);
        var id = await s.RequestAsync(await s.ReadyVersionAsync(), PromotionScenario.Person(email, Roles.DataScientist));
        var result = await s.SignAsync(id, email, ReviewerRole.Risk);
        Assert.Contains("You requested this promotion", Assert.IsType<Error.Forbidden>(result.Error).Message);
        Assert.Empty((await s.RowAsync(id)).Approvals);
    }

    [Fact]
    public async Task PersonWithTwoReviewerRoles_SignsOnlyOne()
    {
        var email = await s.UserAsync(Roles.PlatformReviewer, Roles.SecurityReviewer);
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        Assert.True((await s.SignAsync(id, email, ReviewerRole.Platform)).Succeeded);
        var second = await s.SignAsync(id, email, ReviewerRole.Security);
        Assert.Contains("one person signs one role", Assert.IsType<Error.Forbidden>(second.Error).Message);
        Assert.Single((await s.RowAsync(id)).Approvals);
    }

    [Fact]
    public async Task ServiceIdentity_CanNeverSign()
    {
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        var bot = Caller.Service("deploy-bot", GovernancePortal.Core.Features.ServiceIdentities.Scopes.All);
        var result = await factory.Get<PromotionService>().SignAsync(bot, id, ReviewerRole.Platform, "", PortalFactory.Password, (await s.RowAsync(id)).DecisionHash);
        Assert.IsType<Error.Forbidden>(result.Error);
        Assert.Empty((await s.RowAsync(id)).Approvals);
    }

    [Fact]
    public async Task Admin_IsNotAReviewer()
    {
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        var result = await s.SignAsync(id, "admin@demo.local", ReviewerRole.Risk);
        Assert.Contains("do not hold the RiskReviewer role", Assert.IsType<Error.Forbidden>(result.Error).Message);
    }

    [Fact]
    public async Task ReviewerWhoseRoleWasRemovedMidReview_CannotSign_EvenWithTheirSessionsCachedUser()
    {
        var email = await s.UserAsync(Roles.RiskReviewer);
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        // One scope plays the reviewer's Blazor circuit: its UserManager has already loaded the user and their roles.
        await using var circuit = factory.Services.CreateAsyncScope();
        var users = circuit.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByNameAsync(email))!, Roles.RiskReviewer));
        // The reviewer's cookie and session still say RiskReviewer; the database no longer does.
        await RemoveRoleAsync(email, Roles.RiskReviewer);
        var result = await circuit.ServiceProvider.GetRequiredService<PromotionService>().SignAsync(
            PromotionScenario.Person(email, Roles.RiskReviewer), id, ReviewerRole.Risk, "", PortalFactory.Password, (await s.RowAsync(id)).DecisionHash);
        Assert.Contains("do not hold the RiskReviewer role", Assert.IsType<Error.Forbidden>(result.Error).Message);
        Assert.Empty((await s.RowAsync(id)).Approvals);
    }

    [Fact]
    public async Task OwnerOfThePipelineThatAsked_CannotApprove()
    {
        var identities = factory.Get<GovernancePortal.Core.Features.ServiceIdentities.ServiceIdentityService>();
        var name = "nightly-" + Guid.NewGuid().ToString("N")[..6];
        Assert.True((await identities.CreateAsync(Caller.System("test"), name, GovernancePortal.Core.Seeding.DemoUsers.IdOf("platform@demo.local"), "nightly retrain",
            [GovernancePortal.Core.Features.ServiceIdentities.Scopes.PromotionsRequest])).Succeeded);
        var id = await s.RequestAsync(await s.ReadyVersionAsync(), Caller.Service(name, [GovernancePortal.Core.Features.ServiceIdentities.Scopes.PromotionsRequest]));
        var result = await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform);
        Assert.Contains("own the pipeline", Assert.IsType<Error.Forbidden>(result.Error).Message);
        Assert.True((await s.SignAsync(id, "security@demo.local", ReviewerRole.Security)).Succeeded);
    }

    [Fact]
    public async Task FutureDatedEvidence_IsRefused()
    {
        var version = await s.ReadyVersionAsync();
        var result = await factory.Get<GovernancePortal.Core.Features.Evaluations.EvaluationService>().RegisterAsync(Caller.System("test"),
            new(version, EvaluationKind.Bias, DeploymentEnvironment.Staging, null, new Dictionary<string, double> { ["disparate_impact_ratio"] = 0.99 },
                true, null, s.Now.AddYears(20)));
        Assert.True(Assert.IsType<Error.Validation>(result.Error).Fields.ContainsKey("EvaluatedAt"));
    }

    [Fact]
    public async Task SignerWhoLosesTheirRole_BeforeTheLastSignature_DoesNotCount()
    {
        var platform = await s.UserAsync(Roles.PlatformReviewer);
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        Assert.True((await s.SignAsync(id, platform, ReviewerRole.Platform)).Succeeded);
        Assert.True((await s.SignAsync(id, "security@demo.local", ReviewerRole.Security)).Succeeded);
        await RemoveRoleAsync(platform, Roles.PlatformReviewer);

        Assert.True((await s.SignAsync(id, "risk@demo.local", ReviewerRole.Risk)).Succeeded);
        var row = await s.RowAsync(id);
        Assert.Equal(PromotionStatus.Pending, row.Status);
        Assert.Contains("no longer holds the PlatformReviewer role", row.Approvals.Single(a => a.Role == ReviewerRole.Platform).InvalidatedReason);
    }

    [Fact]
    public async Task WrongPassword_SignsNothing_AndCountsTowardsLockout()
    {
        var email = await s.UserAsync(Roles.SecurityReviewer);
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        var result = await s.SignAsync(id, email, ReviewerRole.Security, password: "not-my-password");
        Assert.True(Assert.IsType<Error.Validation>(result.Error).Fields.ContainsKey("Password"));
        Assert.Empty((await s.RowAsync(id)).Approvals);
        await using var db = factory.NewDb();
        Assert.Equal(1, (await db.Users.SingleAsync(u => u.Email == email)).AccessFailedCount);
    }

    [Fact]
    public async Task GatesNotPassing_CannotBeSigned()
    {
        var id = await s.RequestAsync(await s.ReadyVersionAsync(withBias: false));
        var result = await s.SignAsync(id, "platform@demo.local", ReviewerRole.Platform);
        Assert.Contains("Bias evidence", Assert.IsType<Error.Conflict>(result.Error).Message);
    }

    [Fact]
    public async Task Reject_NeedsAReason_AndAReviewer()
    {
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        var promotions = factory.Get<PromotionService>();
        Assert.IsType<Error.Validation>((await promotions.RejectAsync(PromotionScenario.Person("risk@demo.local"), id, null, " ")).Error);
        Assert.IsType<Error.Forbidden>((await promotions.RejectAsync(PromotionScenario.Scientist, id, null, "I changed my mind")).Error);
        Assert.True((await promotions.RejectAsync(PromotionScenario.Person("risk@demo.local"), id, null, "Fairness evidence is too thin.")).Succeeded);
        var row = await s.RowAsync(id);
        Assert.Equal(PromotionStatus.Rejected, row.Status);
        Assert.Equal("Fairness evidence is too thin.", row.RejectionReason);
        Assert.Equal(ReviewerRole.Risk, row.RejectedAs);
    }

    [Fact]
    public async Task Reject_AsARoleNotHeld_IsRefused_AndChangesNothing()
    {
        var id = await s.RequestAsync(await s.ReadyVersionAsync());
        var result = await factory.Get<PromotionService>().RejectAsync(PromotionScenario.Person("risk@demo.local"), id, ReviewerRole.Security, "Not secure enough.");
        Assert.Contains("SecurityReviewer", Assert.IsType<Error.Forbidden>(result.Error).Message);
        var row = await s.RowAsync(id);
        Assert.Equal(PromotionStatus.Pending, row.Status);
        Assert.Null(row.RejectedAs);
    }

    [Fact]
    public async Task OnlyDataScientistsOrScopedPipelinesRequest()
    {
        var version = await s.ReadyVersionAsync();
        var use = await s.UseIdAsync();
        var promotions = factory.Get<PromotionService>();
        var byReviewer = await promotions.CreateAsync(PromotionScenario.Person("risk@demo.local", Roles.RiskReviewer), new(version, use, Stage.Production, "Because it is better."));
        Assert.IsType<Error.Forbidden>(byReviewer.Error);
        var byReadOnlyBot = await promotions.CreateAsync(Caller.Service("bot", ["read"]), new(version, use, Stage.Production, "Because it is better."));
        Assert.IsType<Error.Forbidden>(byReadOnlyBot.Error);
        var byPipeline = await promotions.CreateAsync(Caller.Service("bot", ["promotions:request"]), new(version, use, Stage.Production, "Because it is better."));
        Assert.True(byPipeline.Succeeded);
        var duplicate = await promotions.CreateAsync(PromotionScenario.Scientist, new(version, use, Stage.Production, "Because it is better."));
        Assert.IsType<Error.Conflict>(duplicate.Error);
    }

    private async Task RemoveRoleAsync(string email, string role)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.RemoveFromRoleAsync((await users.FindByEmailAsync(email))!, role)).Succeeded);
    }
}
