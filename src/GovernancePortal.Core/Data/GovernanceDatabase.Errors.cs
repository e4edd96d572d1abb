using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace GovernancePortal.Core.Data;

/// <summary>What a provider error means to the portal, whichever database raised it.</summary>
public enum DatabaseFailure
{
    /// <summary>Nothing the portal decodes: a bug, a check constraint, anything else.</summary>
    None,
    /// <summary>A unique index or primary key refused the row: another writer stored the same key first.</summary>
    UniqueViolation,
    /// <summary>Lost a race for a lock: SQLite's write lock held past the busy timeout, PostgreSQL's serialization failure, deadlock victim or lock timeout.</summary>
    Contention,
    /// <summary>The database cannot be reached or is shutting down.</summary>
    Unreachable,
    /// <summary>The database or its disk is full.</summary>
    Full,
}

/// <summary>
/// The one owner of provider error codes (SQLite result codes, PostgreSQL SQLSTATEs): <see cref="Decode"/> turns an
/// exception into a <see cref="DatabaseFailure"/>; "is it a lost race?" (below) and "is it an outage?"
/// (<see cref="DatabaseOutage"/>) are both questions asked of that answer, never of the codes again.
/// A caller that answers "someone else got there first" must only say so when that is true: an outage (PostgreSQL down,
/// a full disk) is not a race and must surface as an error.
/// </summary>
public sealed partial record GovernanceDatabase
{
    // SQLite extended result codes (sqlite.org/rescode.html): SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY.
    private const int SqliteUniqueViolation = 2067, SqlitePrimaryKeyViolation = 1555;

    /// <summary>
    /// Walks the inner exceptions, because EF Core wraps provider errors (DbUpdateException, RetryLimitExceededException,
    /// InvalidOperationException "transient failure"); the first one decoded wins.
    /// </summary>
    public static DatabaseFailure Decode(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var failure = e switch
            {
                PostgresException pg => PostgresFailure(pg.SqlState),
                // A socket refused or closed, a timeout reaching the server: Npgsql marks these transient.
                NpgsqlException { IsTransient: true } => DatabaseFailure.Unreachable,
                SqliteException sqlite => SqliteFailure(sqlite.SqliteErrorCode, sqlite.SqliteExtendedErrorCode),
                RetryLimitExceededException => DatabaseFailure.Unreachable,
                _ => DatabaseFailure.None,
            };
            if (failure != DatabaseFailure.None) return failure;
        }
        return DatabaseFailure.None;
    }

    /// <summary>A unique index or primary key refused the row: another writer stored the same key first.</summary>
    public static bool IsUniqueViolation(Exception e) => Decode(e) == DatabaseFailure.UniqueViolation;

    /// <summary>
    /// The save lost a race with another writer and nothing of it was stored: a unique violation, an optimistic
    /// concurrency token that moved, or <see cref="DatabaseFailure.Contention"/>. Not a connection failure, a full
    /// disk or any other error.
    /// </summary>
    public static bool IsWriteConflict(Exception e) =>
        e is DbUpdateConcurrencyException || Decode(e) is DatabaseFailure.UniqueViolation or DatabaseFailure.Contention;

    // PostgreSQL error classes: 08 connection exception, 57P01-57P03 shutdown / cannot connect now, 53 insufficient resources.
    private static DatabaseFailure PostgresFailure(string state) => state switch
    {
        PostgresErrorCodes.UniqueViolation => DatabaseFailure.UniqueViolation,
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable => DatabaseFailure.Contention,
        PostgresErrorCodes.DiskFull => DatabaseFailure.Full,
        _ when state.StartsWith("08", StringComparison.Ordinal) => DatabaseFailure.Unreachable,
        "57P01" or "57P02" or "57P03" or "53300" => DatabaseFailure.Unreachable,
        _ => DatabaseFailure.None,
    };

    // SQLite primary result codes (extended codes carry them in the low byte): BUSY 5, LOCKED 6 (another connection
    // holds the write lock past the busy timeout), FULL 13, IOERR 10, CANTOPEN 14, READONLY 8.
    private static DatabaseFailure SqliteFailure(int code, int extended) => extended switch
    {
        SqliteUniqueViolation or SqlitePrimaryKeyViolation => DatabaseFailure.UniqueViolation,
        _ => (code & 0xFF) switch
        {
            5 or 6 => DatabaseFailure.Contention,
            13 => DatabaseFailure.Full,
            10 or 14 or 8 => DatabaseFailure.Unreachable,
            _ => DatabaseFailure.None,
        },
    };
}
