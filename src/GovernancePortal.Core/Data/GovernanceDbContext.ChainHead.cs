using GovernancePortal.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GovernancePortal.Core.Data;

public partial class GovernanceDbContext
{
    /// <summary>Any 64-bit constant nobody else uses: the advisory lock that orders appends on PostgreSQL.</summary>
    internal const long AuditAppendLockKey = 0x6770_6175_6469_7431; // "gpaudit1"

    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? chainedIn;

    /// <summary>The queued audit events were chained by <see cref="ChainQueuedEventsAsync"/> in the transaction now open.</summary>
    private bool ChainedInThisTransaction => chainedIn is not null && ReferenceEquals(chainedIn, Database.CurrentTransaction);

    /// <summary>
    /// For a writer that inserts its rows past the change tracker (<see cref="BulkInsert"/>; the OpenLineage writer on both
    /// providers, ADR 0069, 0072): chains the queued audit events now, inside the caller's transaction, and hands the entries
    /// back to be inserted with those rows (PostgreSQL: in their round trip; SQLite: with their prepared inserts). The lock
    /// taken here is held to the commit, as the append in SaveChanges holds it; a summary-only save later in the same
    /// transaction (the writer's tracked updates) carries no event of its own then.
    /// </summary>
    internal async Task<List<AuditEntry>> ChainQueuedEventsAsync(CancellationToken ct)
    {
        if (Database.CurrentTransaction is null) throw new InvalidOperationException("Audit entries are chained inside the write's transaction.");
        if (Actor is null) throw new AuditException("Refusing to chain audit entries without an actor: every change must be attributable.");
        var entries = Chain([.. pendingEvents], await LockChainHeadAsync(ct));
        pendingEvents.Clear();
        // Only a transaction that chained a summary may save summary-only without one: chaining nothing vouches for nothing.
        if (entries.Count > 0) chainedIn = Database.CurrentTransaction;
        return entries;
    }

    /// <summary>
    /// Serialises this transaction's appends, then reads the chain's head (sequence 0 and the genesis hash when empty).
    /// SQLite: Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE, so the transaction already holds the
    /// database's single write lock; only the head is read. PostgreSQL lets writers run side by side: a transaction-scoped
    /// advisory lock makes every appender (on any instance) wait for the previous one to commit, and under READ COMMITTED
    /// the head read after it sees that commit. The lock is released with the transaction, whoever commits it.
    /// </summary>
    /// <remarks>
    /// Called before the transaction writes its own rows, so that an empty chain can be told apart from an emptied one:
    /// governed rows already there mean the entries that vouched for them were deleted, and restarting the chain at
    /// genesis would make that deletion verify as intact. The append is refused instead (ADR 0080); this only costs a
    /// query while the chain is empty, i.e. once per database.
    /// </remarks>
    private async Task<(long Sequence, string Hash)> LockChainHeadAsync(CancellationToken ct)
    {
        var head = await ReadLockedChainHeadAsync(ct);
        if (head.Sequence == 0 && await Audit.GovernedData.TablesWithRowsAsync(this, ct) is { Count: > 0 } tables)
            throw new AuditChainEmptiedException(Audit.GovernedData.EmptiedChain(tables) + " Nothing was saved: restore the audit entries from a backup, then verify the chain.");
        return head;
    }

    private async Task<(long Sequence, string Hash)> ReadLockedChainHeadAsync(CancellationToken ct)
    {
        if (GovernanceDatabase.ProviderOf(this) == DatabaseProvider.Postgres) return await LockChainHeadOnPostgresAsync(ct);
        // SQLite: on the writer's kept connection the statement is compiled once (ADR 0079); elsewhere for this read.
        await using var statement = await Sqlite.KeptConnection.CommandForAsync(this, ChainHeadSql, Database.CurrentTransaction?.GetDbTransaction(), ct);
        await using var reader = await statement.Command.ExecuteReaderAsync(ct);
        return await HeadAsync(reader, ct);
    }

    /// <summary>The head read, the same statement on both providers, built once per model.</summary>
    private string ChainHeadSql => ModelCache.Get(this, "GovernancePortal:ChainHead", static db =>
    {
        var (table, sequence) = EntityReader.TableAndColumn(db, typeof(AuditEntry), nameof(AuditEntry.Sequence));
        var hash = EntityReader.TableAndColumn(db, typeof(AuditEntry), nameof(AuditEntry.Hash)).Column;
        return $"SELECT {sequence}, {hash} FROM {table} ORDER BY {sequence} DESC LIMIT 1";
    });

    /// <summary>The head's sequence and hash from the read's one row; sequence 0 and the genesis hash when the chain is empty.</summary>
    private static async Task<(long Sequence, string Hash)> HeadAsync(System.Data.Common.DbDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditHasher.GenesisHash);

    /// <summary>
    /// The lock and the head read as two statements of one batch: one round trip instead of two for every audited write
    /// (ADR 0069). Each statement of a batch takes its own snapshot under READ COMMITTED, so the read still starts after
    /// the lock is granted and sees the previous appender's commit.
    /// </summary>
    private async Task<(long Sequence, string Hash)> LockChainHeadOnPostgresAsync(CancellationToken ct)
    {
        var transaction = Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The audit chain is appended inside the write's transaction.");
        await using var batch = transaction.Connection!.CreateBatch();
        batch.Transaction = transaction;
        var lockCommand = batch.CreateBatchCommand();
        lockCommand.CommandText = $"SELECT pg_advisory_xact_lock({AuditAppendLockKey})";
        batch.BatchCommands.Add(lockCommand);
        var headCommand = batch.CreateBatchCommand();
        headCommand.CommandText = ChainHeadSql;
        batch.BatchCommands.Add(headCommand);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await HeadAsync(reader, ct);
    }
}
