using System.Text.Json;
using System.Threading.Channels;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// The one writer of OpenLineage events (ADR 0008). Requests queue here; the writer takes whatever has
/// queued up from the same sender (up to <see cref="MaxEventsPerCommit"/> events) and commits it in one
/// transaction, then completes every request in it. SQLite has one writer anyway: grouping turns N
/// fsyncs and N chain-head reads into one, and the single writer removes find-or-create races within this instance.
/// Across instances (or processes) the database decides (ADR 0042): the unique keys on the event key and on every
/// projected row refuse the second copy, and the loser reads again and stores only what is still new.
/// </summary>
public sealed class OpenLineageWriter(IDbContextFactory<GovernanceDbContext> dbFactory, ILogger<OpenLineageWriter> logger,
    Data.Sqlite.SqliteCommitGate? commitGate = null) : BackgroundService
{
    public const int MaxEventsPerCommit = 5_000;

    /// <summary>Commits that lose a race are read again and retried; each retry only sees fewer new rows, so few suffice.</summary>
    public const int MaxRaceAttempts = 5;

    private sealed record Pending(Caller Caller, List<ParsedEvent> Events, TaskCompletionSource<Result<IngestResult>> Done);

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly Queue<Pending> deferred = new();

    /// <summary>SQLite: the connection every commit runs on, open between commits with its statements compiled (ADR 0079).</summary>
    private readonly Data.Sqlite.KeptConnection kept = new();

    public async Task<Result<IngestResult>> WriteAsync(Caller caller, List<ParsedEvent> events, CancellationToken ct)
    {
        var pending = new Pending(caller, events, new TaskCompletionSource<Result<IngestResult>>(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, ct);
        return await pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoopAsync(stoppingToken);
        }
        finally
        {
            // Shutting down: nothing left here was committed, so say so instead of leaving callers waiting.
            queue.Writer.TryComplete();
            while (deferred.TryDequeue(out var d)) d.Done.TrySetCanceled();
            while (queue.Reader.TryRead(out var q)) q.Done.TrySetCanceled();
            current?.ForEach(p => p.Done.TrySetCanceled());
            kept.Dispose();
        }
    }

    private List<Pending>? current;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (deferred.Count > 0 || await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var group = new List<Pending>();
            var first = deferred.Count > 0 ? deferred.Dequeue() : await queue.Reader.ReadAsync(stoppingToken);
            group.Add(first);
            var events = first.Events.Count;
            while (events < MaxEventsPerCommit && queue.Reader.TryRead(out var next))
            {
                // One commit carries one actor: its audit entry names the sender of every event (ADR 0082).
                if (next.Caller.Actor == first.Caller.Actor) { group.Add(next); events += next.Events.Count; }
                else deferred.Enqueue(next);
            }
            current = group;
            await ProcessAsync(group, stoppingToken);
            current = null;
        }
    }

    private async Task ProcessAsync(List<Pending> group, CancellationToken ct)
    {
        try
        {
            var results = await CommitOnceAsync(group, ct);
            for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(results[i]);
        }
        catch (Exception ex) when (group.Count > 1 && ex is not OperationCanceledException)
        {
            // Something in the group broke the commit: retry one request per transaction so only it fails.
            foreach (var pending in group) await ProcessAsync([pending], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "OpenLineage request of {Actor} could not be stored", group[0].Caller.Actor);
            group[0].Done.TrySetException(ex);
        }
    }

    /// <summary>
    /// Another instance committed some of the same events (or the same new run, dataset or edge) between this
    /// commit's reads and its insert: a unique key refused the row and the whole transaction rolled back. Reading again
    /// sees the other instance's rows as known, so the retry stores only what is still new and the request succeeds,
    /// its events counted as duplicates (ADR 0042). Two such commits inserting in different orders can also deadlock on
    /// PostgreSQL (one is chosen as the victim) or find SQLite's write lock busy: the same lost race, retried the same
    /// way. Any other failure (an outage, a bad row) is not a race and is not retried here.
    /// </summary>
    private async Task<List<Result<IngestResult>>> CommitOnceAsync(List<Pending> group, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await CommitAsync(group, ct); }
            catch (Exception ex) when (attempt < MaxRaceAttempts && GovernanceDatabase.IsWriteConflict(ex))
            {
                logger.LogInformation("OpenLineage commit of {Actor} lost a race with another writer; reading again (attempt {Attempt})", group[0].Caller.Actor, attempt);
            }
        }
    }

    /// <summary>SHA-256 over event keys in order: what an ingest audit entry vouches for.</summary>
    public static string KeysDigest(IEnumerable<string> keys) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(string.Join("\n", keys))));

    /// <summary>One request naming the same model version with two digests contradicts itself.</summary>
    private static Error? SelfConflict(List<ParsedEvent> events) =>
        Inventory.DigestConflicts.FirstWithin(events.SelectMany(e => e.Outputs).Where(o => o.Model is not null).Select(o => (o.Name, o.Model!.Version, o.Model.Sha256))) is { } bad
            ? new Error.Conflict($"This request reports {bad.Model} {bad.Version} with two different digests; nothing was stored.")
            : null;

    private async Task<List<Result<IngestResult>>> CommitAsync(List<Pending> group, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var postgres = GovernanceDatabase.ProviderOf(db) == DatabaseProvider.Postgres;
        if (postgres) return await CommitAsync(db, postgres, group, ct);
        // SQLite: on the kept connection; after any failure the next commit starts on a new one (ADR 0079).
        try
        {
            await kept.AttachAsync(db, ct);
            return await CommitAsync(db, postgres, group, ct);
        }
        catch
        {
            kept.Discard();
            throw;
        }
    }

    private async Task<List<Result<IngestResult>>> CommitAsync(GovernanceDbContext db, bool postgres, List<Pending> group, CancellationToken ct)
    {
        db.Actor = group[0].Caller.Actor;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // One connection for the whole commit instead of one pool rent per lookup (PostgreSQL: and a queued DISCARD ALL;
        // SQLite: the kept connection, already open), and no savepoint around SaveChanges (two more statements): a failed
        // commit discards this context anyway (ADR 0069, 0072).
        await db.Database.OpenConnectionAsync(ct);
        db.Database.AutoSavepointsEnabled = false;
        // The stored events are the record; the commit's audit entry commits to exactly which events it
        // added (SHA-256 over their keys), so per-row entries for the derived projection would only repeat it.
        db.AuditSummaryOnly = true;
        var projection = new Projection(db, db.Actor.Name);
        // The group's lookups in one batch (PostgreSQL: one round trip, ADR 0069; SQLite: one command, ADR 0072).
        var known = postgres ? await PostgresGroupLookups.LoadAsync(db, projection, [.. group.SelectMany(p => p.Events)], ct)
            : await SqliteGroupLookups.LoadAsync(db, projection, [.. group.SelectMany(p => p.Events)], ct);
        var results = new List<Result<IngestResult>>();
        var stored = new List<LineageEvent>();
        foreach (var pending in group)
        {
            var fresh = pending.Events.Where(e => !known.Contains(e.Key)).DistinctBy(e => e.Key).OrderBy(e => e.EventTime).ToList();
            Error? conflict = SelfConflict(fresh);
            foreach (var e in conflict is null ? fresh : [])
                if ((conflict = await projection.ConflictAsync(e, ct)) is not null) break;
            if (conflict is not null) { results.Add(conflict); continue; }

            foreach (var e in fresh)
            {
                known.Add(e.Key);
                stored.Add(new LineageEvent
                {
                    EventKey = e.Key, RunId = e.Kind == EventKind.Run ? e.RunId : null, EventType = e.EventType, EventTime = e.EventTime,
                    ReceivedAt = db.UtcNow, ReceivedBy = db.Actor.Name, Json = e.Json,
                    ValidationNotes = e.Notes.Count > 0 ? string.Join('\n', e.Notes) : null,
                });
                if (await projection.ApplyAsync(e, ct) is { } late)
                    throw new InvalidOperationException("Unchecked digest conflict: " + late.Message);
            }
            results.Add(new IngestResult(pending.Events.Count, fresh.Count, pending.Events.Count - fresh.Count));
        }
        // One entry per commit (ADR 0082): the group has one sender and one transaction, and the entry commits to exactly
        // which events it added, in the order they were stored (SHA-256 over their keys).
        if (stored.Count > 0)
            db.AddAuditEvent(new AuditEvent(AuditActions.OpenLineageIngested, "LineageEvent", stored[0].EventKey, null, JsonSerializer.Serialize(new
            {
                Requests = results.Count(r => r.Value is not null), Events = stored.Count, Duplicates = results.Sum(r => r.Value?.Duplicates ?? 0),
                Runs = stored.Where(e => e.RunId is not null).Select(e => e.RunId).Distinct().Count(), EventKeysSha256 = KeysDigest(stored.Select(e => e.EventKey)),
            })));
        // Refused reports of another digest are stored as conflicts, the same way the registry stores them.
        foreach (var (versionId, registered, reported) in projection.Conflicts.Distinct())
            await Inventory.DigestConflicts.RecordAsync(db, versionId, registered, reported, ct);
        // Only fresh events change anything (their rows and audit entry) besides conflict records. The rows they create
        // and the audit entries go in past the change tracker (ADR 0053), then SaveChanges writes what it tracks (updated
        // runs and datasets, model versions, conflict records), all in one transaction: committed together or not at all.
        if (results.Any(r => r.Value is { Accepted: > 0 }) || projection.Conflicts.Count > 0)
        {
            // SQLite: the WAL checkpointer rewinds the WAL between this writer's commits, never during one (ADR 0068).
            if (commitGate is not null) await commitGate.EnterAsync(ct);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // The audit entries are chained first (PostgreSQL: lock and head in one round trip; SQLite: BEGIN IMMEDIATE
                // already holds the write lock) and inserted with the rows, on both providers the same way (ADR 0069, 0072).
                await BulkInsert.InsertAsync(db, [.. projection.Created, stored, await db.ChainQueuedEventsAsync(ct)], ct);
                // A group of new runs only tracks rows it read and did not change: no save, and no statement, is needed then.
                db.ChangeTracker.DetectChanges();
                if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            finally { commitGate?.Leave(); }
        }
        // Counted after the commit: a group that fails and is retried request by request is counted once.
        if (stored.Count > 0) PortalTelemetry.IngestEvents.Add(stored.Count);
        return results;
    }
}
