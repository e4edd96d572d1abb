using System.Threading.Channels;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Audit;

/// <summary>
/// API reads (<see cref="AuditActions.ApiRead"/>) stay one chain entry each, but the request no longer waits for them:
/// each GET queues its entry and this writer appends whatever has queued in one transaction (ADR 0046). Before, every
/// GET took the database's write lock and a commit, which was most of a read's time at 100,000 versions.
/// A full queue makes readers wait (never drops an entry); a failed append is retried; only what is queued when the
/// process is killed is lost.
/// </summary>
public sealed class ApiReadJournal(IDbContextFactory<GovernanceDbContext> dbFactory, ILogger<ApiReadJournal> logger) : BackgroundService
{
    private const int Capacity = 10_000, MaxBatch = 1_000;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly Channel<(Actor Actor, AuditEvent Event)> queue =
        Channel.CreateBounded<(Actor, AuditEvent)>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private long queued, written;
    private TaskCompletionSource batchDone = NewSignal();

    public async ValueTask RecordAsync(Actor actor, AuditEvent auditEvent, CancellationToken ct = default)
    {
        Interlocked.Increment(ref queued);
        await queue.Writer.WriteAsync((actor, auditEvent), ct);
    }

    /// <summary>Waits until every read queued before this call is in the chain (tests, shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var target = Interlocked.Read(ref queued);
        while (Interlocked.Read(ref written) < target)
            await Volatile.Read(ref batchDone).Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(Actor Actor, AuditEvent Event)>();
        // Not the stopping token: on shutdown the loop drains what was queued, until the writer is completed.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item)) batch.Add(item);
            while (true)
            {
                try
                {
                    await AppendAsync(batch);
                    break;
                }
                catch (Exception ex)
                {
                    if (stoppingToken.IsCancellationRequested)
                    {
                        logger.LogCritical(ex, "Shutting down: {Count} API read entries could not be appended and are lost.", batch.Count);
                        break;
                    }
                    logger.LogError(ex, "Could not append {Count} API read entries to the audit chain; retrying.", batch.Count);
                    await Task.Delay(RetryDelay, CancellationToken.None);
                }
            }
            Interlocked.Add(ref written, batch.Count);
            batch.Clear();
            Interlocked.Exchange(ref batchDone, NewSignal()).TrySetResult();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>One transaction, one commit; a save per actor because an entry's actor is its save's actor.</summary>
    private async Task AppendAsync(List<(Actor Actor, AuditEvent Event)> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var group in batch.GroupBy(b => b.Actor))
        {
            db.Actor = group.Key;
            foreach (var (_, e) in group) db.AddAuditEvent(e);
            await db.SaveChangesAsync();
        }
        await transaction.CommitAsync();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
