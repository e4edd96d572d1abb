using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace GovernancePortal.Core.Data;

/// <summary>What kind of database failure an exception is, as far as callers of the portal are concerned.</summary>
public enum OutageKind
{
    /// <summary>Not an outage: a bug, a constraint, a conflict. Handled as any other error.</summary>
    None,
    /// <summary>The database cannot be reached or is shutting down: try again later (503).</summary>
    Unreachable,
    /// <summary>The database or its disk is full: nothing can be written until an operator frees space (507).</summary>
    Full,
}

/// <summary>
/// The one owner of "is this exception the database being away?" (ADR 0044). The API edge turns the answer into a
/// 503/507 problem, the page edge into the "cannot reach its database" page, and the read-retry strategy into a retry.
/// It walks the inner exceptions, because EF Core wraps provider errors (DbUpdateException, RetryLimitExceededException,
/// InvalidOperationException "transient failure").
/// </summary>
public static class DatabaseOutage
{
    public static OutageKind Classify(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            var kind = ex switch
            {
                PostgresException pg => Postgres(pg.SqlState),
                // A socket refused or closed, a timeout reaching the server: Npgsql marks these transient.
                NpgsqlException { IsTransient: true } => OutageKind.Unreachable,
                SqliteException sqlite => Sqlite(sqlite.SqliteErrorCode),
                RetryLimitExceededException => OutageKind.Unreachable,
                _ => OutageKind.None,
            };
            if (kind != OutageKind.None) return kind;
        }
        return OutageKind.None;
    }

    public static bool IsOutage(Exception? exception) => Classify(exception) != OutageKind.None;

    // PostgreSQL error classes: 08 connection exception, 57P01-57P03 shutdown / cannot connect now, 53 insufficient resources.
    private static OutageKind Postgres(string state) => state switch
    {
        "53100" => OutageKind.Full,
        _ when state.StartsWith("08", StringComparison.Ordinal) => OutageKind.Unreachable,
        "57P01" or "57P02" or "57P03" or "53300" => OutageKind.Unreachable,
        _ => OutageKind.None,
    };

    // SQLite primary result codes (extended codes carry them in the low byte): FULL 13, IOERR 10, CANTOPEN 14, READONLY 8.
    private static OutageKind Sqlite(int code) => (code & 0xFF) switch
    {
        13 => OutageKind.Full,
        10 or 14 or 8 => OutageKind.Unreachable,
        _ => OutageKind.None,
    };
}
