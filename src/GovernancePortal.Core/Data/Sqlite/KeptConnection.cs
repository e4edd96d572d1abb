using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Data.Sqlite;

/// <summary>
/// One SQLite connection a single writer keeps open between its commits, with its statements compiled once (ADR 0079).
/// A pooled connection is the wrong tool for the OpenLineage writer's small commits: each one rented a connection whose
/// page cache SQLite had emptied (another connection wrote last) and compiled the same dozen statements again, work
/// of the same order as the commit itself when a group holds a handful of single events. Kept, the connection's page
/// cache stays valid between its own commits and every statement is only re-bound.
/// <para>The connection is opened through the first context it serves, so every connection interceptor (the setup
/// pragmas of <see cref="SqliteConnectionSetup"/>, and any a test adds) runs on it as on a pooled one. After any failed
/// commit the owner calls <see cref="Discard"/>: the next commit opens a new connection, and the interceptors run on it
/// again (the pool may hand back the same SQLite handle; what SQLite keeps per handle, like the setup pragmas, stays).
/// Not thread-safe: one writer, one commit at a time.</para>
/// <para>It is a plain <see cref="SqliteConnection"/>: EF's SQLite provider registers its own SQL functions (regexp,
/// the ef_* decimal helpers) and the EF_DECIMAL collation only on connections it creates. The writer's queries use none
/// of them (the model has no decimal property and the writer no regex); a query that needs them fails with "no such
/// function" on this connection, so it belongs outside the writer's commit.</para>
/// </summary>
internal sealed class KeptConnection : IDisposable
{
    private SqliteConnection? connection;
    private readonly Dictionary<string, SqliteCommand> statements = [];

    /// <summary>Puts the kept connection under <paramref name="db"/> (which must not have opened its own), opening it the first time.</summary>
    public async Task AttachAsync(GovernanceDbContext db, CancellationToken ct)
    {
        // Set first: the connection interceptors see which context they open for.
        db.Kept = this;
        if (connection is null)
        {
            connection = new SqliteConnection(db.Database.GetConnectionString());
            db.Database.SetDbConnection(connection, contextOwnsConnection: false);
            try { await db.Database.OpenConnectionAsync(ct); }
            catch { Discard(); throw; }
        }
        else db.Database.SetDbConnection(connection, contextOwnsConnection: false);
    }

    /// <summary>
    /// The command for <paramref name="sql"/> on the kept connection, compiled on its first execution and only re-bound
    /// after: parameters cleared, enlisted in <paramref name="transaction"/> (null outside one).
    /// </summary>
    public SqliteCommand Statement(string sql, System.Data.Common.DbTransaction? transaction)
    {
        var open = connection ?? throw new InvalidOperationException("The kept connection is not open.");
        if (!statements.TryGetValue(sql, out var command))
            statements[sql] = command = new SqliteCommand(sql, open);
        command.Parameters.Clear();
        command.Transaction = (SqliteTransaction?)transaction;
        return command;
    }

    /// <summary>
    /// The one place that decides which command a SQLite statement of <paramref name="db"/> runs on: the kept connection's
    /// compiled one when the context is on it, otherwise a new command on the context's open connection, compiled now and
    /// disposed with the lease. Either way it is enlisted in <paramref name="transaction"/> (null outside one).
    /// </summary>
    public static async Task<Lease> CommandForAsync(GovernanceDbContext db, string sql, System.Data.Common.DbTransaction? transaction, CancellationToken ct)
    {
        if (db.Kept is { } kept) return new Lease(kept.Statement(sql, transaction), Owned: false);
        var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction?)transaction;
        await command.PrepareAsync(ct);
        return new Lease(command, Owned: true);
    }

    /// <summary>A statement to run: disposing it disposes only a command made for the call, never a kept one.</summary>
    public readonly record struct Lease(SqliteCommand Command, bool Owned) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Owned ? Command.DisposeAsync() : ValueTask.CompletedTask;
    }

    /// <summary>Closes the connection and forgets its statements; the next <see cref="AttachAsync"/> opens a new one.</summary>
    public void Discard()
    {
        var closing = connection;
        // Forgotten first: even if closing throws, the next commit must not reuse this connection.
        connection = null;
        foreach (var command in statements.Values) command.Dispose();
        statements.Clear();
        closing?.Dispose();
    }

    public void Dispose() => Discard();
}
