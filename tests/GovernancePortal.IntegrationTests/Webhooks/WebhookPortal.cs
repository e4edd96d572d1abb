using GovernancePortal.Core.Features.Webhooks;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Webhooks;

/// <summary>The portal with a quick retry schedule: tiny delays, three attempts, disabled after two failed messages.</summary>
public class WebhookPortal : PortalFactory
{
    protected virtual double TimeoutSeconds => 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.PostConfigure<WebhookOptions>(o =>
        {
            (o.TimeoutSeconds, o.RetryDelaysSeconds, o.MaxAttempts, o.DisableAfterFailedMessages, o.PollSeconds) = (TimeoutSeconds, [0.05], 3, 2, 0.2);
        }));
    }

    public WebhookService Webhooks => Get<WebhookService>();

    /// <summary>Waits (on a condition, bounded generously) for a database state.</summary>
    public async Task<T> EventuallyAsync<T>(Func<Core.Data.GovernanceDbContext, Task<T?>> read, string what) where T : class
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(120); waited += TimeSpan.FromMilliseconds(100))
        {
            await using (var db = NewDb())
                if (await read(db) is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Never saw {what}.");
    }

    /// <summary>Attempts of one message in order, once <paramref name="count"/> of them are logged.</summary>
    public Task<List<WebhookAttempt>> AttemptsAsync(string webhookId, int count) =>
        EventuallyAsync(async db =>
        {
            var attempts = await db.WebhookAttempts.AsNoTracking().OrderBy(a => a.Attempt).ToListAsync();
            var mine = attempts.Where(a => a.WebhookId == webhookId).ToList();
            return mine.Count >= count ? mine : null;
        }, $"{count} logged attempts of {webhookId}");
}

/// <summary>A receiver may hang for minutes: the attempt timeout is long, so a held request stays held.</summary>
public sealed class PatientWebhookPortal : WebhookPortal
{
    protected override double TimeoutSeconds => 600;
}
