using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Seeding;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>
/// Issue 11: who may sign is one rule (<see cref="SigningRule"/>). The inbox (and its badge), the review page's sign panel
/// and the signing service must give the same answer in every situation.
/// </summary>
public class SigningRuleAgreementTests(PromotionsFactory factory) : IClassFixture<PromotionsFactory>
{
    private readonly PromotionScenario s = new(factory);

    public static TheoryData<string, bool> Situations => new()
    {
        { "eligible", true },
        { "requester", false },
        { "owner of the pipeline that asked", false },
        { "signed another role already", false },
        { "role already signed by someone else", false },
        { "not pending any more", false },
    };

    [Theory]
    [MemberData(nameof(Situations))]
    public async Task Inbox_ReviewPage_AndSigningService_Agree(string situation, bool expected)
    {
        var (reviewer, id) = await ArrangeAsync(situation);
        // The session's roles are the roles the account holds (the service reads them from the database).
        var caller = PromotionScenario.Person(reviewer, [.. await RolesAsync(reviewer)]);
        var queries = factory.Get<PromotionQueries>();

        var inbox = await queries.InboxAsync(caller, InboxFilter.Mine);
        var inInbox = inbox.Any(r => r.Id == id);
        var offered = (await queries.SigningStateAsync(caller, id)).Signable.Contains(ReviewerRole.Risk);
        Assert.Equal(inbox.Count, await queries.InboxCountAsync(caller)); // the badge counts the same rule
        var signed = (await s.SignAsync(id, reviewer, ReviewerRole.Risk)).Succeeded;

        Assert.Equal(expected, inInbox);
        Assert.Equal(expected, offered);
        Assert.Equal(expected, signed);
    }

    private async Task<IList<string>> RolesAsync(string email)
    {
        await using var db = factory.NewDb();
        var id = DemoUsers.IdOf(email);
        return await db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
    }

    /// <summary>A fresh risk (and platform) reviewer and a request in the given situation for them.</summary>
    private async Task<(string Reviewer, Guid Id)> ArrangeAsync(string situation)
    {
        var version = await s.ReadyVersionAsync();
        switch (situation)
        {
            case "requester":
            {
                var me = await s.UserAsync(Roles.DataScientist, Roles.RiskReviewer, Roles.PlatformReviewer);
                return (me, await s.RequestAsync(version, PromotionScenario.Person(me, Roles.DataScientist)));
            }
            case "owner of the pipeline that asked":
            {
                var me = await s.UserAsync(Roles.RiskReviewer, Roles.PlatformReviewer);
                var name = "pipe-" + Guid.NewGuid().ToString("N")[..8];
                var created = await factory.Get<ServiceIdentityService>().CreateAsync(Caller.System("test"), name, DemoUsers.IdOf(me), "", [Scopes.PromotionsRequest]);
                Assert.True(created.Succeeded, created.Error?.Message);
                return (me, await s.RequestAsync(version, Caller.Service(name, [Scopes.PromotionsRequest], created.Value!.Id)));
            }
            case "signed another role already":
            {
                var me = await s.UserAsync(Roles.RiskReviewer, Roles.PlatformReviewer);
                var id = await s.RequestAsync(version);
                Assert.True((await s.SignAsync(id, me, ReviewerRole.Platform)).Succeeded);
                return (me, id);
            }
            case "role already signed by someone else":
            {
                var me = await s.UserAsync(Roles.RiskReviewer);
                var id = await s.RequestAsync(version);
                Assert.True((await s.SignAsync(id, "risk2@demo.local", ReviewerRole.Risk)).Succeeded);
                return (me, id);
            }
            case "not pending any more":
            {
                var me = await s.UserAsync(Roles.RiskReviewer);
                var id = await s.RequestAsync(version);
                Assert.True((await factory.Get<PromotionService>().WithdrawAsync(PromotionScenario.Scientist, id)).Succeeded);
                return (me, id);
            }
            default:
                return (await s.UserAsync(Roles.RiskReviewer), await s.RequestAsync(version));
        }
    }
}
