using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GovernancePortal.IntegrationTests.Hosting.Outage;

/// <summary>
/// A full disk for SQLite without a small file system: while <see cref="Full"/>, every connection the portal opens gets
/// <c>PRAGMA max_page_count</c> set to the file's current size, so any write that needs a new page fails inside SQLite
/// with SQLITE_FULL ("database or disk is full"), exactly as on a full disk. The pragma is per connection, so it is set
/// again (to the maximum) on every open when the disk is not full.
/// </summary>
public sealed class FullDisk : DbConnectionInterceptor
{
    public volatile bool Full;

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default) =>
        await ApplyAsync(connection, ct);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        ApplyAsync(connection, default).GetAwaiter().GetResult();

    private async Task ApplyAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        var pages = Convert.ToInt64(await command.ExecuteScalarAsync(ct));
        command.CommandText = $"PRAGMA max_page_count = {(Full ? pages : 4294967294)}";
        await command.ExecuteScalarAsync(ct);
    }
}
