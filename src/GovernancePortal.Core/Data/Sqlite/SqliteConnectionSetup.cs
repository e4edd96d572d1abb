using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GovernancePortal.Core.Data.Sqlite;

/// <summary>
/// The per-connection settings of every SQLite connection the portal's contexts open (ADR 0068), the one owner of them:
/// <list type="bullet">
/// <item><c>busy_timeout</c>: without it Microsoft.Data.Sqlite answers a busy write lock (the findings engine committing
/// when the OpenLineage writer begins) by sleeping 150 ms and retrying; SQLite's own busy handler waits in steps of
/// 1–100 ms, so a writer behind a 5 ms commit waits a few ms, not 150.</item>
/// <item><c>wal_autocheckpoint = 0</c> while the <see cref="WalCheckpointer"/> runs: otherwise whichever commit crosses
/// 1,000 WAL pages copies them into the database file and syncs it before its caller hears back.</item>
/// </list>
/// synchronous stays at SQLite's default FULL (every commit syncs the WAL): no acknowledged write may be lost on power loss.
/// Pooled connections keep their settings, so each physical connection is set up once, and again if the mode changed.
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    /// <summary>How long a statement waits for another connection's write lock before SQLite reports it busy.</summary>
    public const int BusyTimeoutMilliseconds = 5_000;

    private readonly ConditionalWeakTable<object, StrongBox<bool>> applied = new();

    /// <summary>Set by the checkpointer while it runs: no portal connection checkpoints inside its own commits then.</summary>
    public volatile bool BackgroundCheckpoints;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Pending(connection) is { } sql) Execute(connection, sql);
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        // Microsoft.Data.Sqlite runs statements synchronously anyway: the async path would only add a state machine.
        if (Pending(connection) is { } sql) Execute(connection, sql);
        return Task.CompletedTask;
    }

    /// <summary>The statements this physical connection still needs, or null when it is set up for the current mode.</summary>
    private string? Pending(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle }) return null;
        var mode = BackgroundCheckpoints;
        if (applied.TryGetValue(handle, out var done) && done.Value == mode) return null;
        applied.AddOrUpdate(handle, new StrongBox<bool>(mode));
        return $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA wal_autocheckpoint = {(mode ? 0 : 1000)};";
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
