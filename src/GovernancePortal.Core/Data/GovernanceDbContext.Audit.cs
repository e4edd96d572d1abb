using GovernancePortal.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Data;

public partial class GovernanceDbContext
{
    /// <summary>
    /// Bulk synthetic loads (generate-data) record one summary event per batch instead of one entry per row;
    /// such a save must carry that explicit event, so it is still never unaudited.
    /// </summary>
    internal bool AuditSummaryOnly { get; set; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        StoredTimePrecision.Apply(ChangeTracker);
        var changes = signal is null ? [] : RegisterSignal.Capture(ChangeTracker);
        var result = await SaveAndAuditAsync(acceptAllChangesOnSuccess, cancellationToken);
        // Raised after the commit, from the write path itself: whoever wrote, consumers hear of it. Inside a
        // caller's own transaction the commit is not ours to see: the signal waits for the context's disposal.
        if (Database.CurrentTransaction is null) signal?.Publish(changes);
        else unsignalled.AddRange(changes);
        return result;
    }

    private readonly List<RegisterChange> unsignalled = [];

    /// <summary>
    /// Rows a <see cref="BulkInsert"/> wrote inside this context's transaction: reported with the context's other
    /// in-transaction changes when it is disposed, as a save inside a caller's transaction is.
    /// </summary>
    internal void SignalCreated(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, IEnumerable<object> rows)
    {
        if (signal is not null) unsignalled.AddRange(RegisterSignal.Created(type, rows));
    }

    public override void Dispose()
    {
        base.Dispose();
        PublishUnsignalled();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        PublishUnsignalled();
    }

    private void PublishUnsignalled()
    {
        if (unsignalled.Count == 0) return;
        signal?.Publish([.. unsignalled]);
        unsignalled.Clear();
    }

    private async Task<int> SaveAndAuditAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var pending = AuditSummaryOnly ? [] : AuditCapture.Begin(ChangeTracker);
        if (AuditSummaryOnly && pendingEvents.Count == 0 && !ChainedInThisTransaction)
            throw new AuditException("A bulk save must carry its summary audit event.");
        if (pending.Count == 0 && pendingEvents.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        if (Actor is null)
            throw new AuditException("Refusing to save governed changes without an actor: every change must be attributable.");

        // Appends are serialised before the chain head is read (LockChainHeadAsync), so two writers can never
        // link to the same previous entry. The primary key on Sequence is the second line of defence.
        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            // The head is locked and read before the change is saved (an empty chain is checked against the rows
            // already there, not this save's own). Then the change is saved so generated keys are real, and its audit
            // entries are chained; one commit for both. Changes are accepted by the first save (the second would
            // otherwise insert them again); if the transaction then fails, the context is stale and must be discarded,
            // as every service does.
            var head = await LockChainHeadAsync(cancellationToken);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            AuditEntries.AddRange(Chain([.. pending.Select(p => p.Complete()), .. pendingEvents], head));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            if (ownTransaction is not null)
                await ownTransaction.CommitAsync(cancellationToken);
            return written;
        }
        finally
        {
            // Saved or rolled back, queued events must not ride along with a later, unrelated save.
            pendingEvents.Clear();
            if (ownTransaction is not null)
                await ownTransaction.DisposeAsync();
        }
    }

    /// <summary>The entries that append <paramref name="events"/> to the chain after <paramref name="head"/> (locked by the caller).</summary>
    private List<AuditEntry> Chain(List<AuditEvent> events, (long Sequence, string Hash) head)
    {
        var (sequence, previous) = head;
        var entries = new List<AuditEntry>(events.Count);
        var now = AuditHasher.Normalize(UtcNow);
        foreach (var e in events)
        {
            var entry = new AuditEntry
            {
                Sequence = ++sequence,
                Timestamp = now,
                Actor = Actor!.Name,
                ActorKind = Actor.Kind,
                Action = e.Action,
                EntityType = e.EntityType,
                EntityId = e.EntityId,
                Before = e.Before,
                After = e.After,
                PreviousHash = previous,
                Hash = "",
            };
            entry.Hash = AuditHasher.ComputeHash(entry);
            previous = entry.Hash;
            entries.Add(entry);
        }
        return entries;
    }
}

/// <summary>Raised when a governed change cannot be audited; the change is not saved.</summary>
public class AuditException(string message) : Exception(message);

/// <summary>
/// The chain has no entries while governed data exists: its entries were deleted. Every governed write is refused until
/// an operator restores them (ADR 0080); the API answers 503 with its own problem type (ADR 0083), not a bare 500.
/// </summary>
public sealed class AuditChainEmptiedException(string message) : AuditException(message);
