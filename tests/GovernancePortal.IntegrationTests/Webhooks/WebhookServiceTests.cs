using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Webhooks;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Webhooks;

/// <summary>Configuration of webhooks: admin only, validated before anything is stored, every change audited, the secret never shown twice.</summary>
public class WebhookServiceTests(WebhookPortal factory) : IClassFixture<WebhookPortal>
{
    private const string Url = "https://hooks.example.com/governance";

    private async Task<int> EndpointCountAsync()
    {
        await using var db = factory.NewDb();
        return await db.WebhookEndpoints.CountAsync();
    }

    [Fact]
    public async Task NonAdmin_CannotCreateListOrChangeWebhooks()
    {
        factory.CreateClient();
        var before = await EndpointCountAsync();
        var service = Caller.Service("ci", ["read", "models:write"]);
        foreach (var caller in new[] { PortalFactory.Scientist, PortalFactory.Compliance, service })
        {
            Assert.IsType<Error.Forbidden>((await factory.Webhooks.CreateAsync(caller, new("x", Url, [WebhookEvents.FindingRaised]))).Error);
            Assert.IsType<Error.Forbidden>((await factory.Webhooks.ListAsync(caller)).Error);
            Assert.IsType<Error.Forbidden>((await factory.Webhooks.LogAsync(caller, Guid.NewGuid())).Error);
            Assert.IsType<Error.Forbidden>((await factory.Webhooks.SendTestAsync(caller, Guid.NewGuid())).Error);
        }
        var created = await factory.Webhooks.CreateAsync(PortalFactory.Admin, new("owned-by-admin", Url, [WebhookEvents.FindingRaised]));
        Assert.IsType<Error.Forbidden>((await factory.Webhooks.RotateSecretAsync(PortalFactory.Scientist, created.Value!.Id)).Error);
        Assert.IsType<Error.Forbidden>((await factory.Webhooks.SetEnabledAsync(PortalFactory.Scientist, created.Value!.Id, false)).Error);
        Assert.IsType<Error.Forbidden>((await factory.Webhooks.DeleteAsync(PortalFactory.Scientist, created.Value!.Id)).Error);
        Assert.Equal(before + 1, await EndpointCountAsync());
        await factory.Webhooks.DeleteAsync(PortalFactory.Admin, created.Value!.Id);
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/x", null, "Url", "must use https, not 'ftp'")]
    [InlineData("http://hooks.example.com/x", null, "Url", "must use https")]
    [InlineData("https://ops:hunter2@hooks.example.com/x", null, "Url", "user name or password")]
    [InlineData("not a url", null, "Url", "absolute URL")]
    [InlineData(Url, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "Secret", "must start with 'whsec_'")]
    [InlineData(Url, "whsec_c2hvcnQ=", "Secret", "24 to 64")]
    [InlineData(Url, "whsec_%%%", "Secret", "base64")]
    public async Task Create_MalformedUrlOrSecret_RefusedWithAMessage_NothingStored(string url, string? secret, string field, string message)
    {
        factory.CreateClient();
        var before = await EndpointCountAsync();
        var result = await factory.Webhooks.CreateAsync(PortalFactory.Admin, new("bad", url, [WebhookEvents.FindingRaised], secret));
        var invalid = Assert.IsType<Error.Validation>(result.Error);
        Assert.Contains(message, invalid.Fields[field]);
        Assert.Equal(before, await EndpointCountAsync());
    }

    [Fact]
    public async Task Create_NoOrUnknownEvents_Refused()
    {
        factory.CreateClient();
        Assert.Contains("at least one", Assert.IsType<Error.Validation>((await factory.Webhooks.CreateAsync(PortalFactory.Admin, new("none", Url, []))).Error).Fields["Events"]);
        Assert.Contains("must be among", Assert.IsType<Error.Validation>((await factory.Webhooks.CreateAsync(PortalFactory.Admin, new("odd", Url, ["user.deleted"]))).Error).Fields["Events"]);
    }

    [Fact]
    public async Task EveryChange_IsAudited_AndTheSecretNeverReachesTheAuditChainOrTheDatabaseInClear()
    {
        factory.CreateClient();
        long last;
        await using (var db = factory.NewDb()) last = await db.AuditEntries.MaxAsync(a => a.Sequence);
        var created = (await factory.Webhooks.CreateAsync(PortalFactory.Admin, new("audited", Url, [WebhookEvents.PromotionApproved]))).Value!;
        Assert.Null(WebhookSecret.Problem(created.Secret));
        Assert.True((await factory.Webhooks.UpdateAsync(PortalFactory.Admin, created.Id, new("audited", Url + "/v2", [WebhookEvents.PromotionApproved, WebhookEvents.FindingRaised]))).Succeeded);
        var rotated = (await factory.Webhooks.RotateSecretAsync(PortalFactory.Admin, created.Id)).Value!;
        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.True((await factory.Webhooks.SetEnabledAsync(PortalFactory.Admin, created.Id, false)).Succeeded);
        Assert.IsType<Error.Conflict>((await factory.Webhooks.SendTestAsync(PortalFactory.Admin, created.Id)).Error);
        Assert.True((await factory.Webhooks.SetEnabledAsync(PortalFactory.Admin, created.Id, true)).Succeeded);

        await using (var db = factory.NewDb())
        {
            var stored = await db.WebhookEndpoints.AsNoTracking().SingleAsync(w => w.Id == created.Id);
            Assert.DoesNotContain("whsec_", stored.ProtectedSecret);
            Assert.Equal([WebhookEvents.FindingRaised, WebhookEvents.PromotionApproved], stored.Events);
        }
        Assert.True((await factory.Webhooks.DeleteAsync(PortalFactory.Admin, created.Id)).Succeeded);

        await using var after = factory.NewDb();
        var entries = await after.AuditEntries.AsNoTracking().Where(a => a.Sequence > last && a.EntityId == created.Id.ToString()).OrderBy(a => a.Sequence).ToListAsync();
        Assert.Equal(["WebhookEndpoint.Created", "WebhookEndpoint.Updated", "WebhookEndpoint.Updated", AuditActions.WebhookSecretRotated,
            "WebhookEndpoint.Updated", AuditActions.WebhookDisabled, "WebhookEndpoint.Updated", AuditActions.WebhookEnabled, "WebhookEndpoint.Deleted"],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("admin@demo.local", e.Actor));
        Assert.All(entries, e => Assert.DoesNotContain("whsec_", (e.Before ?? "") + (e.After ?? "")));
        Assert.Contains("[withheld]", entries[0].After);
    }
}
