using System.Net.Http.Json;
using System.Text.Json;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Features.Webhooks;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Webhooks;

/// <summary>Events reach a real receiver signed, are retried on 5xx and timeouts, and a failing endpoint is disabled with a finding.</summary>
public class WebhookDeliveryTests(WebhookPortal factory) : IClassFixture<WebhookPortal>
{
    private static JsonElement Data(WebhookReceiver.Received r) => JsonDocument.Parse(r.Body).RootElement.GetProperty("data");

    private async Task<WebhookSecretShown> EndpointAsync(WebhookReceiver receiver, params string[] events)
    {
        factory.CreateClient();
        var created = await factory.Webhooks.CreateAsync(PortalFactory.Admin, new WebhookInput($"hook-{Guid.NewGuid():N}"[..20], receiver.Url, events));
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value!;
    }

    private Task<Core.Common.Result<Guid>> RegisterAsync(string model) =>
        factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist, new(model, "1.0.0", "onnx", "s3://m/" + model, Sha.Of(model)));

    [Fact]
    public async Task DeploymentWithUnapprovedDigest_FindingRaisedDelivered_SignedAndRetriedAfter500()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        static bool Canary(WebhookReceiver.Received r) => r.Type == WebhookEvents.FindingRaised
            && Data(r).GetProperty("rule").GetString() == "untracked-promotion" && Data(r).GetProperty("entityName").GetString() == "fraud-canary (Production)";
        receiver.Answer = r => Canary(r) && r.Seen == 1 ? 500 : 200;
        var hook = await EndpointAsync(receiver, WebhookEvents.FindingRaised);

        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.DeploymentsWrite, Scopes.Read);
        var sha = (await factory.Get<ModelRegistryService>().FindVersionAsync("fraud-gbt", "4.3.0"))!.Sha256;
        var reported = await api.PostAsJsonAsync("/api/v1/deployments", new
        {
            endpoint = "fraud-canary", environment = "Production", modelName = "fraud-gbt", version = "4.3.0", sha256 = sha, use = "card-fraud-detection",
        });
        Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());

        var both = (await receiver.WaitForAsync(rs => rs.Count(Canary) >= 2, "the canary finding twice")).Where(Canary).ToList();
        Assert.Equal(both[0].Id, both[1].Id);      // the same message, retried
        Assert.Equal(both[0].Body, both[1].Body);
        Assert.StartsWith("msg_", both[0].Id);
        Assert.All(both, r => Assert.True(WebhookReceiver.SignatureIsValid(hook.Secret, r), "signature must verify independently"));
        Assert.False(WebhookReceiver.SignatureIsValid(WebhookSecret.Generate(), both[0]));
        Assert.InRange(long.Parse(both[1].Timestamp), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        var body = JsonDocument.Parse(both[0].Body).RootElement;
        Assert.Equal(["type", "timestamp", "data"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("critical", Data(both[0]).GetProperty("severity").GetString());
        Assert.Equal("Endpoint", Data(both[0]).GetProperty("entityType").GetString());
        Assert.DoesNotContain("whsec_", both[0].Body);

        var log = await factory.AttemptsAsync(both[0].Id, 2);
        Assert.Equal((1, 500, WebhookMessageStatus.Pending), (log[0].Attempt, log[0].StatusCode, log[0].Outcome));
        Assert.Equal((2, 200, WebhookMessageStatus.Delivered), (log[1].Attempt, log[1].StatusCode, log[1].Outcome));
        var page = (await factory.Webhooks.LogAsync(PortalFactory.Admin, hook.Id)).Value!;
        Assert.Contains(page.Items, a => a.WebhookId == both[0].Id && a.StatusCode == 500 && a.EventType == WebhookEvents.FindingRaised);
        await factory.Webhooks.DeleteAsync(PortalFactory.Admin, hook.Id);
    }

    [Fact]
    public async Task ReceiverTimesOut_MessageRetried_LogShowsTheTimeoutThenSuccess()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = r => r.Seen == 1 ? WebhookReceiver.Hang : 200;
        var hook = await EndpointAsync(receiver, WebhookEvents.ModelVersionRegistered);

        Assert.True((await RegisterAsync("hook-timeout")).Succeeded);
        bool Mine(WebhookReceiver.Received r) => r.Type == WebhookEvents.ModelVersionRegistered && Data(r).GetProperty("model").GetString() == "hook-timeout";
        var both = (await receiver.WaitForAsync(rs => rs.Count(Mine) >= 2, "the registration twice")).Where(Mine).ToList();
        Assert.Equal(both[0].Id, both[1].Id);
        var log = await factory.AttemptsAsync(both[0].Id, 2);
        Assert.Null(log[0].StatusCode);
        Assert.Contains("Timed out", log[0].Error);
        Assert.Equal(WebhookMessageStatus.Pending, log[0].Outcome);
        Assert.Equal((200, WebhookMessageStatus.Delivered), (log[1].StatusCode, log[1].Outcome));
        await factory.Webhooks.DeleteAsync(PortalFactory.Admin, hook.Id);
    }

    [Fact]
    public async Task ClientErrorOtherThan408Or429_FailsAtOnce_NoRetry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 404;
        var hook = await EndpointAsync(receiver, WebhookEvents.ModelVersionRegistered);
        Assert.True((await RegisterAsync("hook-gone")).Succeeded);
        var message = await factory.EventuallyAsync(db => db.WebhookMessages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.EndpointId == hook.Id && m.Status == WebhookMessageStatus.Failed), "the failed message");
        Assert.Equal(1, message.Attempts);
        Assert.Single(receiver.Requests, r => r.Id == message.WebhookId);
        await factory.Webhooks.DeleteAsync(PortalFactory.Admin, hook.Id);
    }

    [Fact]
    public async Task RepeatedFailures_DisableTheEndpoint_RaiseAFinding_ReEnablingResolvesIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        var hook = await EndpointAsync(receiver, WebhookEvents.ModelVersionRegistered);

        Assert.True((await RegisterAsync("hook-fail-1")).Succeeded);
        Assert.True((await RegisterAsync("hook-fail-2")).Succeeded);
        var endpoint = await factory.EventuallyAsync(db => db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(w => w.Id == hook.Id && !w.Enabled), "the endpoint disabled");
        Assert.NotNull(endpoint.DisabledAfterFailuresAt);
        Assert.True(endpoint.ConsecutiveFailures >= 2);
        var ids = receiver.Requests.Select(r => r.Id).Distinct().ToList();
        Assert.All(ids, id => Assert.Equal(3, receiver.Requests.Count(r => r.Id == id))); // every message tried MaxAttempts times

        var finding = await factory.EventuallyAsync(db => db.Findings.AsNoTracking()
            .FirstOrDefaultAsync(f => f.Rule == FindingRule.WebhookDisabled && f.EntityId == hook.Id && f.ResolvedAt == null), "the WebhookDisabled finding");
        Assert.Equal(FindingEntity.Webhook, finding.EntityType);
        Assert.Equal(FindingSeverity.High, finding.Severity);
        await using (var db = factory.NewDb())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == Core.Audit.AuditActions.WebhookDisabledAfterFailures && a.EntityId == hook.Id.ToString()
                && a.Actor == "webhook-delivery"));

        Assert.True((await factory.Webhooks.SetEnabledAsync(PortalFactory.Admin, hook.Id, true)).Succeeded);
        await factory.EventuallyAsync(db => db.Findings.AsNoTracking().FirstOrDefaultAsync(f => f.Id == finding.Id && f.ResolvedAt != null), "the finding resolved");
        await factory.Webhooks.DeleteAsync(PortalFactory.Admin, hook.Id);
    }

    [Fact]
    public async Task PromotionRejected_And_TestEvent_AreDeliveredSigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await EndpointAsync(receiver, WebhookEvents.PromotionRejected, WebhookEvents.PromotionRequested);
        Guid pending;
        await using (var db = factory.NewDb())
            pending = await db.PromotionRequests.Where(r => r.Status == Core.Features.Promotions.PromotionStatus.Pending && r.ModelVersion!.Model!.Name == "fraud-gbt")
                .Select(r => r.Id).FirstAsync();
        var risk = new Core.Common.Caller(Core.Audit.Actor.User(Core.Seeding.DemoUsers.IdOf("risk@demo.local"), "risk@demo.local"),
            new HashSet<string> { Core.Identity.Roles.RiskReviewer });
        var rejected = await factory.Get<Core.Features.Promotions.PromotionService>().RejectAsync(risk, pending, null, "Canary latency regressed.");
        Assert.True(rejected.Succeeded, rejected.Error?.Message);

        var got = await receiver.WaitForAsync(rs => rs.Any(r => r.Type == WebhookEvents.PromotionRejected), "promotion.rejected");
        var message = got.First(r => r.Type == WebhookEvents.PromotionRejected);
        Assert.True(WebhookReceiver.SignatureIsValid(hook.Secret, message));
        Assert.Equal(pending, Data(message).GetProperty("id").GetGuid());
        Assert.Equal("fraud-gbt", Data(message).GetProperty("model").GetString());
        Assert.Equal("Canary latency regressed.", Data(message).GetProperty("reason").GetString());
        Assert.Equal($"/promotions/{pending}", Data(message).GetProperty("path").GetString());

        Assert.True((await factory.Webhooks.SendTestAsync(PortalFactory.Admin, hook.Id)).Succeeded);
        var test = (await receiver.WaitForAsync(rs => rs.Any(r => r.Type == WebhookEvents.Test), "the test event")).First(r => r.Type == WebhookEvents.Test);
        Assert.True(WebhookReceiver.SignatureIsValid(hook.Secret, test));
        await factory.Webhooks.DeleteAsync(PortalFactory.Admin, hook.Id);
    }

    [Fact]
    public async Task PersonResolvingAFinding_SendsFindingResolved()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await EndpointAsync(receiver, WebhookEvents.FindingResolved);
        Guid open;
        await using (var db = factory.NewDb())
            open = await db.Findings.Where(f => f.ResolvedAt == null && f.Signal == FindingSignal.InconsistentLineage).Select(f => f.Id).FirstAsync();

        var resolved = await factory.Get<FindingsService>().ResolveAsync(PortalFactory.Admin, [open], "Fixed in the source pipeline.");
        Assert.True(resolved.Succeeded, resolved.Error?.Message);

        static bool Mine(WebhookReceiver.Received r, Guid id) => r.Type == WebhookEvents.FindingResolved && Data(r).GetProperty("id").GetGuid() == id;
        var message = (await receiver.WaitForAsync(rs => rs.Any(r => Mine(r, open)), "finding.resolved")).First(r => Mine(r, open));
        Assert.True(WebhookReceiver.SignatureIsValid(hook.Secret, message));
        await factory.Webhooks.DeleteAsync(PortalFactory.Admin, hook.Id);
    }
}
