namespace GovernancePortal.Core.Data.Sqlite;

/// <summary>
/// Between the OpenLineage writer's commits (ADR 0068): the writer holds it from BEGIN to COMMIT, the
/// <see cref="WalCheckpointer"/> while it rewinds the WAL. Under steady ingest a commit is nearly always in flight, so a
/// rewind that only tried the write lock kept finding it taken and the WAL grew to 100 MB in 40 s; taking turns here
/// costs the writer the few ms a rewind takes after the PASSIVE copy, and it waits asynchronously, not in SQLite's
/// busy loop. Registered on SQLite only: PostgreSQL has no WAL to rewind.
/// </summary>
public sealed class SqliteCommitGate
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public Task EnterAsync(CancellationToken ct) => gate.WaitAsync(ct);

    public void Enter() => gate.Wait();

    public void Leave() => gate.Release();
}
