using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Webhooks;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Webhooks;

/// <summary>A receiver that never answers does not slow down or fail governed writes: delivery happens off the write path.</summary>
public class WebhookNeverBlocksTests(PatientWebhookPortal factory) : IClassFixture<PatientWebhookPortal>
{
    [Fact]
    public async Task ReceiverHangs_WritesStillCommit_AndOtherEndpointsStillReceive()
    {
        factory.CreateClient();
        await using var hanging = await WebhookReceiver.StartAsync();
        await using var healthy = await WebhookReceiver.StartAsync();
        hanging.Answer = _ => WebhookReceiver.Hang;
        var hook = (await factory.Webhooks.CreateAsync(PortalFactory.Admin, new("hangs", hanging.Url, [WebhookEvents.ModelVersionRegistered]))).Value!;
        await factory.Webhooks.CreateAsync(PortalFactory.Admin, new("answers", healthy.Url, [WebhookEvents.ModelVersionRegistered]));
        var registry = factory.Get<ModelRegistryService>();

        Assert.True((await registry.RegisterVersionAsync(PortalFactory.Scientist, new("hang-1", "1.0", "onnx", "s3://h1", Sha.Of("hang-1")))).Succeeded);
        await hanging.WaitForAsync(rs => rs.Count >= 1 && hanging.Hanging >= 1, "the first delivery held open");

        // The receiver is holding a delivery right now (600 s timeout): further writes and their events still go through.
        for (var i = 2; i <= 4; i++)
        {
            var result = await registry.RegisterVersionAsync(PortalFactory.Scientist, new($"hang-{i}", "1.0", "onnx", $"s3://h{i}", Sha.Of($"hang-{i}")));
            Assert.True(result.Succeeded, result.Error?.Message);
        }
        Assert.True(hanging.Hanging >= 1, "the first delivery should still be held while the writes committed");
        await using (var db = factory.NewDb())
        {
            Assert.Equal(4, await db.ModelVersions.CountAsync(v => v.Model!.Name.StartsWith("hang-")));
            Assert.Equal(0, await db.WebhookAttempts.CountAsync(a => a.EndpointId == hook.Id)); // nothing has come back yet
        }
        // The held delivery takes one slot: another endpoint gets all four events meanwhile.
        await healthy.WaitForAsync(rs => rs.Select(r => r.Id).Distinct().Count() >= 4, "all four events at the healthy endpoint");
        Assert.True(hanging.Hanging >= 1);
        hanging.ReleaseHangs();
        await factory.EventuallyAsync(db => db.WebhookMessages.AsNoTracking().Where(m => m.EndpointId == hook.Id && m.Status == WebhookMessageStatus.Delivered)
            .CountAsync().ContinueWith(t => t.Result >= 4 ? "done" : null), "all four delivered to the slow endpoint once released");
    }
}
