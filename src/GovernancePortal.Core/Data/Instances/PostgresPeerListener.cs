using GovernancePortal.Core.Features.Promotions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GovernancePortal.Core.Data.Instances;

/// <summary>
/// Hears the other instances (ADR 0043): <c>LISTEN gp_events</c> on a dedicated connection, and every message from a
/// peer is published locally, as if the write had happened here: the live UI of this instance refreshes, and when this
/// instance holds the runner lease, the findings engine and revalidation see changes written on any instance. Its own
/// messages (same <see cref="PortalInstance"/> id) are ignored: they were published locally when written. A broken
/// connection is reopened with backoff; what peers sent in between is lost, so after a reconnect local screens are
/// told to look again.
/// </summary>
public sealed class PostgresPeerListener(
    GovernanceDatabase database, PortalInstance instance, RegisterSignal signal, PromotionEvents promotions, ILogger<PostgresPeerListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);
    private bool connected;
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place (tests wait on it instead of sleeping).</summary>
    public Task Listening => listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var reconnect = false;
        connected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(reconnect, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                if (connected) backoff = TimeSpan.FromSeconds(1); // it had worked: start the backoff again
                connected = false;
                logger.LogWarning(ex, "Lost the notification connection to the other instances; reconnecting in {Delay}.", backoff);
                try { await Task.Delay(backoff, stoppingToken); } catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
                reconnect = true;
            }
        }
    }

    private async Task ListenAsync(bool reconnect, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false, ApplicationName = "governance-portal listener", Timeout = 10, CommandTimeout = 10,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) => Receive(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresPeerBroadcast.Channel}", connection))
            await listen.ExecuteNonQueryAsync(ct);
        logger.LogInformation("Listening for the other instances' events on {Channel}.", PostgresPeerBroadcast.Channel);
        if (reconnect) promotions.PublishFromPeer(Guid.Empty); // missed events: open lists and badges recount
        connected = true;
        listening.TrySetResult();
        while (true)
        {
            // Waits for notifications; when idle, a ping proves the connection (a silently dropped one would wait forever).
            if (!await connection.WaitAsync(Idle, ct))
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(ct);
            }
        }
    }

    internal void Receive(string payload)
    {
        if (PeerMessage.Decode(payload) is not { } message)
        {
            logger.LogWarning("Ignored a malformed message on {Channel}.", PostgresPeerBroadcast.Channel);
            return;
        }
        if (message.Sender == instance.Id) return;
        if (message.Promotion is { } id) promotions.PublishFromPeer(id);
        else signal.PublishFromPeer(message.Changes);
    }
}
