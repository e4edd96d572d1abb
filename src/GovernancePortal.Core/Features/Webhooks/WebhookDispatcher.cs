using System.Collections.Concurrent;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>
/// The one background deliverer (ADR 0029): fans outbox rows out to the endpoints subscribed to their type, posts due
/// messages (a few at a time, so one hanging receiver holds one slot), logs every attempt, schedules retries with
/// backoff and jitter, and disables an endpoint whose messages keep failing. Woken by the register-changed signal when
/// an outbox row or a test message is written; otherwise it looks every <see cref="WebhookOptions.PollSeconds"/>.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<GovernanceDbContext> dbFactory, RegisterSignal signal, IRunnerLease lease, WebhookSender sender,
    IDataProtectionProvider protection, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public static readonly Actor DeliveryActor = Actor.System("webhook-delivery");
    private const int BatchSize = 50;
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly Random random = new();
    private WebhookOptions Options => options.Value;
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private readonly ConcurrentDictionary<Guid, Task> inFlight = new();

    private void OnChanged(IReadOnlyList<RegisterChange> changes)
    {
        if (changes.Any(c => c.EntityType is nameof(WebhookOutboxMessage) or nameof(WebhookMessage) or nameof(WebhookEndpoint))) Wake();
    }

    private void Wake()
    {
        if (wake.CurrentCount == 0) try { wake.Release(); } catch (SemaphoreFullException) { }
    }

    public override Task StartAsync(CancellationToken ct)
    {
        signal.Changed += OnChanged;
        return base.StartAsync(ct);
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        signal.Changed -= OnChanged;
        await base.StopAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(Math.Max(0.01, Options.PollSeconds));
            try
            {
                if (await lease.HoldAsync(stoppingToken))
                {
                    await FanOutAsync(stoppingToken);
                    wait = await DeliverDueAsync(stoppingToken) ?? wait;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Webhook dispatch failed; retrying after the poll interval");
            }
            try { await wake.WaitAsync(wait, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Turns each outbox row into one message per enabled endpoint that wants its type, then removes the row.</summary>
    internal async Task FanOutAsync(CancellationToken ct)
    {
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.WebhookOutbox.OrderBy(o => o.Id).Take(BatchSize * 4).ToListAsync(ct);
            if (rows.Count == 0) return;
            var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(w => w.Enabled).Select(w => new { w.Id, w.Events }).ToListAsync(ct);
            var now = Now;
            foreach (var row in rows)
                foreach (var endpoint in endpoints.Where(e => e.Events.Contains(row.Type)))
                {
                    var message = WebhookBody.Message(endpoint.Id, row.Type, row.CreatedAt, row.Data, Options.PortalUrl);
                    message.NextAttemptAt = now;
                    db.WebhookMessages.Add(message);
                }
            db.WebhookOutbox.RemoveRange(rows);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// Starts an attempt for every due message, at most one in flight per endpoint (a hanging receiver holds one slot,
    /// never the queue or other endpoints) and <see cref="WebhookOptions.MaxConcurrency"/> in all. Returns how long until
    /// the next message is due (null: nothing queued); a finished attempt wakes the loop.
    /// </summary>
    internal async Task<TimeSpan?> DeliverDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        var busy = inFlight.Keys.ToList();
        var pending = db.WebhookMessages.AsNoTracking().Where(m => m.Status == WebhookMessageStatus.Pending && !busy.Contains(m.EndpointId));
        var due = await pending.Where(m => m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt).Take(BatchSize).ToListAsync(ct);
        var started = new HashSet<Guid>();
        foreach (var message in due)
        {
            if (inFlight.Count >= Math.Max(1, Options.MaxConcurrency)) return null; // a finishing attempt wakes the loop
            if (!started.Add(message.EndpointId)) continue;
            var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(w => w.Id == message.EndpointId, ct);
            inFlight[message.EndpointId] = Task.Run(async () =>
            {
                try { await AttemptAsync(message, endpoint, ct); }
                catch (Exception ex) when (!ct.IsCancellationRequested) { logger.LogError(ex, "Webhook attempt {Id} failed", message.WebhookId); }
                finally { inFlight.TryRemove(message.EndpointId, out _); Wake(); }
            }, CancellationToken.None);
        }
        if (due.Count > 0) return TimeSpan.Zero; // more may be due for the endpoints just started
        var next = await pending.OrderBy(m => m.NextAttemptAt).Select(m => (DateTime?)m.NextAttemptAt).FirstOrDefaultAsync(ct);
        return next is { } at ? Clamp(at - Now) : null;
    }

    private TimeSpan Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait < TimeSpan.FromSeconds(Options.PollSeconds) ? wait : TimeSpan.FromSeconds(Options.PollSeconds);

    private async Task AttemptAsync(WebhookMessage message, WebhookEndpoint? endpoint, CancellationToken ct)
    {
        if (endpoint is not { Enabled: true })
        {
            // Disabled (or deleted) while the message waited: it is not sent; a re-enabled endpoint gets new events only.
            await using var closing = await dbFactory.CreateDbContextAsync(ct);
            await closing.WebhookMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, WebhookMessageStatus.Failed).SetProperty(m => m.FinishedAt, Now), ct);
            return;
        }
        var attempt = message.Attempts + 1;
        var started = Now;
        var secret = protection.CreateProtector(WebhookService.ProtectorPurpose).Unprotect(endpoint.ProtectedSecret);
        var result = await sender.SendAsync(endpoint.Url, secret, message, time.GetUtcNow().ToUnixTimeSeconds(), Options.Timeout, ct);
        var finished = Now;
        var outcome = result.Delivered ? WebhookMessageStatus.Delivered
            : result.Retryable && attempt < Options.MaxAttempts ? WebhookMessageStatus.Pending : WebhookMessageStatus.Failed;
        DateTime? next = outcome == WebhookMessageStatus.Pending ? finished + Options.RetryDelay(attempt, random) : null;

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.WebhookAttempts.Add(new WebhookAttempt
            {
                EndpointId = endpoint.Id, MessageId = message.Id, EventType = message.EventType, Attempt = attempt, At = started,
                StatusCode = result.StatusCode, Error = result.Error is { Length: > 500 } e ? e[..500] : result.Error,
                DurationMs = result.DurationMs, Outcome = outcome, NextAttemptAt = next,
            });
            var row = await db.WebhookMessages.FirstAsync(m => m.Id == message.Id, ct);
            (row.Attempts, row.Status) = (attempt, outcome);
            if (next is { } at) row.NextAttemptAt = at; else row.FinishedAt = finished;
            await db.SaveChangesAsync(ct);
        }
        PortalTelemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        if (outcome == WebhookMessageStatus.Delivered) await CountAsync(endpoint.Id, failed: false, ct);
        else if (outcome == WebhookMessageStatus.Failed) await CountAsync(endpoint.Id, failed: true, ct);
    }

    /// <summary>
    /// Failed messages in a row, counted with one statement (an operational counter, not a governed change). Reaching the
    /// limit disables the endpoint: that is audited, and raises the WebhookDisabled finding through the engine.
    /// </summary>
    private async Task CountAsync(Guid endpointId, bool failed, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!failed)
        {
            await db.WebhookEndpoints.Where(w => w.Id == endpointId && w.ConsecutiveFailures != 0).ExecuteUpdateAsync(s => s.SetProperty(w => w.ConsecutiveFailures, 0), ct);
            return;
        }
        await db.WebhookEndpoints.Where(w => w.Id == endpointId).ExecuteUpdateAsync(s => s.SetProperty(w => w.ConsecutiveFailures, w => w.ConsecutiveFailures + 1), ct);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(w => w.Id == endpointId, ct);
        if (endpoint is not { Enabled: true } || endpoint.ConsecutiveFailures < Options.DisableAfterFailedMessages) return;
        db.Actor = DeliveryActor;
        endpoint.Enabled = false;
        endpoint.DisabledAfterFailuresAt = Now;
        db.AddAuditEvent(new AuditEvent(AuditActions.WebhookDisabledAfterFailures, nameof(WebhookEndpoint), endpoint.Id.ToString(), null,
            $"{endpoint.ConsecutiveFailures} messages failed in a row"));
        await db.SaveChangesAsync(ct);
        logger.LogWarning("Webhook {Name} disabled after {Count} failed messages", endpoint.Name, endpoint.ConsecutiveFailures);
    }
}
