using GovernancePortal.Core.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GovernancePortal.UnitTests.Data;

/// <summary>
/// The one decoder of provider error codes, and the "lost race" question asked of it: the outage side is covered by
/// <see cref="DatabaseOutageTests"/>, so a code moved between the two answers fails one of them.
/// </summary>
public class GovernanceDatabaseErrorsTests
{
    [Theory]
    [InlineData(19, 2067, DatabaseFailure.UniqueViolation)] // SQLITE_CONSTRAINT_UNIQUE
    [InlineData(19, 1555, DatabaseFailure.UniqueViolation)] // SQLITE_CONSTRAINT_PRIMARYKEY
    [InlineData(19, 787, DatabaseFailure.None)]             // SQLITE_CONSTRAINT_FOREIGNKEY: a bug, not a race
    [InlineData(5, 5, DatabaseFailure.Contention)]          // SQLITE_BUSY
    [InlineData(6, 6, DatabaseFailure.Contention)]          // SQLITE_LOCKED
    [InlineData(13, 13, DatabaseFailure.Full)]              // SQLITE_FULL
    [InlineData(10, 3338, DatabaseFailure.Unreachable)]     // SQLITE_IOERR_FSYNC (extended)
    public void Sqlite_Decode(int code, int extended, DatabaseFailure expected) =>
        Assert.Equal(expected, GovernanceDatabase.Decode(new SqliteException("x", code, extended)));

    [Theory]
    [InlineData("23505", DatabaseFailure.UniqueViolation)]
    [InlineData("40001", DatabaseFailure.Contention)]  // serialization_failure
    [InlineData("40P01", DatabaseFailure.Contention)]  // deadlock_detected
    [InlineData("55P03", DatabaseFailure.Contention)]  // lock_not_available
    [InlineData("57P01", DatabaseFailure.Unreachable)] // admin_shutdown
    [InlineData("53100", DatabaseFailure.Full)]        // disk_full
    [InlineData("23503", DatabaseFailure.None)]        // foreign_key_violation
    public void Postgres_Decode(string state, DatabaseFailure expected) =>
        Assert.Equal(expected, GovernanceDatabase.Decode(new PostgresException("x", "ERROR", "ERROR", state)));

    [Fact]
    public void LostRaces_AreWriteConflicts_OutagesAreNot()
    {
        var busy = new Microsoft.EntityFrameworkCore.DbUpdateException("save", new SqliteException("busy", 5, 5));
        var shutdown = new Microsoft.EntityFrameworkCore.DbUpdateException("save", new PostgresException("x", "FATAL", "FATAL", "57P01"));
        var full = new Microsoft.EntityFrameworkCore.DbUpdateException("save", new SqliteException("full", 13, 13));
        Assert.True(GovernanceDatabase.IsWriteConflict(busy));
        Assert.False(GovernanceDatabase.IsUniqueViolation(busy));
        Assert.False(GovernanceDatabase.IsWriteConflict(shutdown));
        Assert.False(GovernanceDatabase.IsWriteConflict(full));
        Assert.True(GovernanceDatabase.IsWriteConflict(new Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException("moved")));
        Assert.True(GovernanceDatabase.IsUniqueViolation(new PostgresException("x", "ERROR", "ERROR", "23505")));
    }
}
