using System.Net.Sockets;
using GovernancePortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GovernancePortal.UnitTests.Data;

public class DatabaseOutageTests
{
    [Theory]
    [InlineData(13, OutageKind.Full)]          // SQLITE_FULL: database or disk is full
    [InlineData(10, OutageKind.Unreachable)]   // SQLITE_IOERR
    [InlineData(14, OutageKind.Unreachable)]   // SQLITE_CANTOPEN
    [InlineData(19, OutageKind.None)]          // SQLITE_CONSTRAINT: a conflict, not an outage
    [InlineData(5, OutageKind.None)]           // SQLITE_BUSY: contention, handled by the busy timeout
    public void Sqlite_ErrorCodes(int code, OutageKind expected) =>
        Assert.Equal(expected, DatabaseOutage.Classify(new SqliteException("x", code)));

    [Theory]
    [InlineData("57P01", OutageKind.Unreachable)] // admin_shutdown: the server is stopping
    [InlineData("57P03", OutageKind.Unreachable)] // cannot_connect_now: starting up
    [InlineData("08006", OutageKind.Unreachable)] // connection_failure
    [InlineData("53100", OutageKind.Full)]        // disk_full
    [InlineData("23505", OutageKind.None)]        // unique_violation
    [InlineData("40001", OutageKind.None)]        // serialization_failure: a conflict the caller handles
    public void Postgres_SqlStates(string state, OutageKind expected) =>
        Assert.Equal(expected, DatabaseOutage.Classify(new PostgresException("x", "FATAL", "FATAL", state)));

    [Fact]
    public void RefusedConnection_WrappedByEfCore_IsUnreachable()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(OutageKind.Unreachable, DatabaseOutage.Classify(new DbUpdateException("save failed", refused)));
        Assert.Equal(OutageKind.Unreachable, DatabaseOutage.Classify(new InvalidOperationException("transient", refused)));
    }

    [Fact]
    public void OrdinaryErrors_AreNotOutages()
    {
        Assert.Equal(OutageKind.None, DatabaseOutage.Classify(new InvalidOperationException("bug")));
        Assert.Equal(OutageKind.None, DatabaseOutage.Classify(new DbUpdateConcurrencyException("changed")));
        Assert.Equal(OutageKind.None, DatabaseOutage.Classify(null));
    }
}
