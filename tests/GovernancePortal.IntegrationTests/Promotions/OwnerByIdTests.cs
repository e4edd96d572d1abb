using System.Net;
using System.Net.Http.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Seeding;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>
/// Issue 10 item 1: a service identity's owner is an account (by id), so no spelling of their e-mail lets them approve what
/// their pipeline asked for, and a disabled or deleted owner takes the identity's token with them.
/// </summary>
public class OwnerByIdTests(PromotionsFactory factory) : IClassFixture<PromotionsFactory>
{
    private readonly PromotionScenario s = new(factory);
    private ServiceIdentityService Identities => factory.Get<ServiceIdentityService>();

    private async Task<(HttpClient Client, string Name)> TokenOwnedByAsync(string ownerUserId, params string[] scopes)
    {
        var name = "pipe-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Identities.CreateAsync(Caller.System("test"), name, ownerUserId, "tests", scopes.Length > 0 ? scopes : [Scopes.PromotionsRequest, Scopes.Read]);
        Assert.True(created.Succeeded, created.Error?.Message);
        return (ApiClient.Bearer(factory, created.Value!.Token), name);
    }

    [Fact]
    public async Task OwnerSpelledInAnotherCase_IsStillTheOwner_AndIsRefusedTheSignature()
    {
        // The reproduction: create-token --owner Risk@Demo.Local, then request marketing-propensity 2.2.0 with that token.
        var owner = await Identities.FindOwnerByEmailAsync("Risk@Demo.Local");
        Assert.Equal(DemoUsers.IdOf("risk@demo.local"), owner?.UserId);
        var (client, _) = await TokenOwnedByAsync(owner!.UserId);
        var response = await client.PostAsJsonAsync("/api/v1/promotions", new
        {
            model = "marketing-propensity", version = "2.2.0", use = "marketing-propensity", stage = "Production",
            justification = "Nightly pipeline: the new campaign model beats 2.1.0 on holdout.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        var risk = PromotionScenario.Person("risk@demo.local", Roles.RiskReviewer);
        var queries = factory.Get<PromotionQueries>();
        Assert.DoesNotContain(await queries.InboxAsync(risk, InboxFilter.Mine), r => r.Id == id);
        Assert.Empty((await queries.SigningStateAsync(risk, id)).Signable);
        var signed = await s.SignAsync(id, "risk@demo.local", ReviewerRole.Risk);
        Assert.Contains("own the pipeline", Assert.IsType<Error.Forbidden>(signed.Error).Message);
        // Someone else with the role is offered it.
        Assert.Contains(ReviewerRole.Risk, (await queries.SigningStateAsync(PromotionScenario.Person("risk2@demo.local", Roles.RiskReviewer), id)).Signable);
    }

    [Fact]
    public async Task OwnerLaterGivenAReviewerRole_CannotSignWhatTheirPipelineRequested()
    {
        var email = await s.UserAsync(Roles.DataScientist);
        var userId = DemoUsers.IdOf(email);
        var (_, name) = await TokenOwnedByAsync(userId);
        var id = await s.RequestAsync(await s.ReadyVersionAsync(), await PipelineCallerAsync(name));
        Assert.True((await factory.Get<UserAdminService>().SetRolesAsync(PortalFactory.Admin, userId, [Roles.DataScientist, Roles.RiskReviewer])).Succeeded);

        var result = await s.SignAsync(id, email, ReviewerRole.Risk);
        Assert.Contains("own the pipeline", Assert.IsType<Error.Forbidden>(result.Error).Message);
        Assert.Empty((await s.RowAsync(id)).Approvals);
        Assert.Equal(userId, (await s.RowAsync(id)).RequestedOnBehalfOfId);
    }

    [Fact]
    public async Task OwnerDisabled_TokenIsRefused_UntilTheOwnerIsEnabledAgain()
    {
        var userId = DemoUsers.IdOf(await s.UserAsync(Roles.DataScientist));
        var (client, name) = await TokenOwnedByAsync(userId);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);

        Assert.True((await factory.Get<UserAdminService>().SetLockedAsync(PortalFactory.Admin, userId, true)).Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/models")).StatusCode);
        var row = (await Identities.ListAsync()).Single(r => r.Identity.Name == name);
        Assert.Equal("Blocked", row.Status(DateTime.UtcNow));
        Assert.Contains("(disabled)", row.OwnerLabel);

        Assert.True((await factory.Get<UserAdminService>().SetLockedAsync(PortalFactory.Admin, userId, false)).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task OwnerTemporarilyLockedOutBySignInFailures_DoesNotStopTheirPipelines()
    {
        var email = await s.UserAsync(Roles.DataScientist);
        var (client, _) = await TokenOwnedByAsync(DemoUsers.IdOf(email));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            for (var i = 0; i < 5; i++) await users.AccessFailedAsync(user);
            Assert.True(await users.IsLockedOutAsync(user));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task OwnerDeleted_TokenIsRefused_AndTheListSaysSo()
    {
        var email = await s.UserAsync(Roles.DataScientist);
        var (client, name) = await TokenOwnedByAsync(DemoUsers.IdOf(email));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync(email))!)).Succeeded);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/models")).StatusCode);
        var row = (await Identities.ListAsync()).Single(r => r.Identity.Name == name);
        Assert.Equal("Blocked", row.Status(DateTime.UtcNow));
        Assert.Contains("no such account", row.OwnerLabel);
    }

    [Fact]
    public async Task Create_OwnerMustBeAnExistingActiveAccount()
    {
        var unknown = await Identities.CreateAsync(Caller.System("test"), "ghost-" + Guid.NewGuid().ToString("N")[..6], "risk@demo.local", "", [Scopes.Read]);
        Assert.True(Assert.IsType<Error.Validation>(unknown.Error).Fields.ContainsKey("Owner"));
        var userId = DemoUsers.IdOf(await s.UserAsync(Roles.DataScientist));
        Assert.True((await factory.Get<UserAdminService>().SetLockedAsync(PortalFactory.Admin, userId, true)).Succeeded);
        var disabled = await Identities.CreateAsync(Caller.System("test"), "ghost-" + Guid.NewGuid().ToString("N")[..6], userId, "", [Scopes.Read]);
        Assert.Contains("disabled", Assert.IsType<Error.Validation>(disabled.Error).Fields["Owner"]);
        Assert.DoesNotContain(await Identities.OwnerChoicesAsync(), o => o.UserId == userId);
        Assert.Null(await Identities.FindOwnerByEmailAsync("nobody@demo.local"));
    }

    [Fact]
    public async Task Requester_IsRecognisedByAccountId_NotByTheNameTheSessionShows()
    {
        // The same account with its e-mail shown in another case (as a cookie could carry it): still the requester.
        var email = await s.UserAsync(Roles.DataScientist, Roles.RiskReviewer);
        var id = await s.RequestAsync(await s.ReadyVersionAsync(), PromotionScenario.Person(email, Roles.DataScientist));
        var shouting = new Caller(GovernancePortal.Core.Audit.Actor.User(DemoUsers.IdOf(email), email.ToUpperInvariant()), new HashSet<string> { Roles.RiskReviewer });
        var result = await factory.Get<PromotionService>().SignAsync(shouting, id, ReviewerRole.Risk, "", PortalFactory.Password, (await s.RowAsync(id)).DecisionHash);
        Assert.Contains("You requested this promotion", Assert.IsType<Error.Forbidden>(result.Error).Message);
        Assert.IsType<Error.Forbidden>((await factory.Get<PromotionService>().RejectAsync(shouting, id, ReviewerRole.Risk, "Not convinced by the evidence.")).Error);
    }

    private async Task<Caller> PipelineCallerAsync(string name)
    {
        await using var db = factory.NewDb();
        var identity = await db.ServiceIdentities.SingleAsync(i => i.Name == name);
        return Caller.Service(name, identity.Scopes, identity.Id);
    }
}
