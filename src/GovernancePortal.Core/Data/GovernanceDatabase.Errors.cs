using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GovernancePortal.Core.Data;

/// <summary>
/// What a failed save means, on either provider. A caller that answers "someone else got there first" must only
/// say so when that is true: an outage (PostgreSQL down, a full disk) is not a race and must surface as an error.
/// </summary>
public sealed partial record GovernanceDatabase
{
    // SQLite extended result codes (sqlite.org/rescode.html): SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY.
    private const int SqliteUniqueViolation = 2067, SqlitePrimaryKeyViolation = 1555;
    // SQLITE_BUSY and SQLITE_LOCKED: another connection holds the write lock past the busy timeout.
    private const int SqliteBusy = 5, SqliteLocked = 6;

    /// <summary>A unique index or primary key refused the row: another writer stored the same key first.</summary>
    public static bool IsUniqueViolation(Exception e) => Causes(e).Any(x => x switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is SqliteUniqueViolation or SqlitePrimaryKeyViolation,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    });

    /// <summary>
    /// The save lost a race with another writer and nothing of it was stored: a unique violation, an optimistic
    /// concurrency token that moved, SQLite's write lock held too long, or PostgreSQL's serialization failure,
    /// deadlock victim or lock timeout. Not a connection failure, a full disk or any other error.
    /// </summary>
    public static bool IsWriteConflict(Exception e) => e is DbUpdateConcurrencyException || IsUniqueViolation(e) || Causes(e).Any(x => x switch
    {
        SqliteException s => s.SqliteErrorCode is SqliteBusy or SqliteLocked,
        PostgresException p => p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable,
        _ => false,
    });

    private static IEnumerable<Exception> Causes(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }
}
