using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GovernancePortal.Core.Data.Instances;

/// <summary>
/// Sends this instance's events to its peers with <c>pg_notify('gp_events', payload)</c> (ADR 0043). Writers only queue:
/// one pump sends whatever has queued in one round trip, on a pooled connection, outside any transaction (events are
/// published after their commit, so a peer that re-reads sees the change). A database that cannot be reached costs
/// the events of that moment, never a write: peers' screens refresh on the next event, and the runner's periodic full
/// pass catches up on conditions.
/// </summary>
public sealed class PostgresPeerBroadcast(GovernanceDatabase database, PortalInstance instance, ILogger<PostgresPeerBroadcast> logger)
    : IPeerBroadcast, IAsyncDisposable
{
    public const string Channel = "gp_events";

    // Bounded: while the database is away, the oldest events go first (they only say "look again").
    private readonly Channel<string> queue = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly object startGate = new();
    private Task? pump;
    private int disposed;

    public void RegisterChanged(IReadOnlyList<RegisterChange> changes)
    {
        foreach (var payload in PeerMessage.EncodeChanges(instance.Id, changes)) Enqueue(payload);
    }

    public void PromotionChanged(Guid requestId) => Enqueue(PeerMessage.EncodePromotion(instance.Id, requestId));

    private void Enqueue(string payload)
    {
        queue.Writer.TryWrite(payload);
        // Started by the first event, so admin verbs (no hosted services) notify running instances too.
        if (pump is null) lock (startGate) pump ??= Task.Run(() => PumpAsync(stopping.Token));
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        var batch = new List<string>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct))
            {
                while (batch.Count < 200 && queue.Reader.TryRead(out var payload)) batch.Add(payload);
                try { await SendAsync(batch, ct); }
                catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !ct.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Could not notify the other instances of {Count} event(s); they refresh on the next one.", batch.Count);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (ChannelClosedException) { }
    }

    private async Task SendAsync(List<string> payloads, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var send = new NpgsqlBatch(connection);
        foreach (var payload in payloads)
            send.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = Channel }, new() { Value = payload } } });
        await send.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Sends what is queued (a clean stop loses no event), waiting a few seconds at most.</summary>
    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as IPeerBroadcast: the container disposes it once per registration.
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        queue.Writer.TryComplete();
        if (pump is not null) await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(5)));
        await stopping.CancelAsync();
        stopping.Dispose();
    }
}
