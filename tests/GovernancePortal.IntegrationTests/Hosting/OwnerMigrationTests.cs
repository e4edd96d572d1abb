using GovernancePortal.Core;
using GovernancePortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>The owner-by-id migration maps the free-text names already stored to the accounts they denote (ADR 0013).</summary>
// SQLite only: it replays a data migration over SQLite databases written before owners were accounts. PostgreSQL
// started from Postgres_Initial, after that change, so it has no such history to migrate.
[Trait(Infrastructure.TestDatabase.Trait, Infrastructure.TestDatabase.SqliteOnly)]
public class OwnerMigrationTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"gp-mig-{Guid.NewGuid():N}");

    [Fact]
    public async Task Migration_MapsStoredOwnerAndRequesterNames_ToUserIds_IgnoringCase()
    {
        Directory.CreateDirectory(dir);
        // The portal's own registration: the Identity options shape the model the migrations are checked against.
        await using var services = new ServiceCollection().AddLogging().AddGovernanceCore($"Data Source={Path.Combine(dir, "governance.db")}").BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261127092021_Promotions"); // the schema before owners were accounts

        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DisplayName)
            VALUES ('u-risk', 'risk@demo.local', 'RISK@DEMO.LOCAL', 'risk@demo.local', 'RISK@DEMO.LOCAL', 1, 0, 0, 1, 0, 'Rita'),
                   ('u-sci', 'scientist@demo.local', 'SCIENTIST@DEMO.LOCAL', 'scientist@demo.local', 'SCIENTIST@DEMO.LOCAL', 1, 0, 0, 1, 0, 'Sam');
            """);
        var columns = await ColumnsAsync(db, "ServiceIdentities");
        await db.Database.ExecuteSqlRawAsync(Insert("ServiceIdentities", columns, new()
        {
            ["Id"] = Guid.NewGuid().ToString().ToUpperInvariant(), ["Name"] = "nightly", ["Owner"] = " Risk@Demo.Local", ["TokenHash"] = new string('a', 64),
            ["TokenHint"] = "gp_x…", ["Scopes"] = "[\"read\"]",
        }));
        await db.Database.ExecuteSqlRawAsync(Insert("ServiceIdentities", columns, new()
        {
            ["Id"] = Guid.NewGuid().ToString().ToUpperInvariant(), ["Name"] = "orphan", ["Owner"] = "gone@demo.local", ["TokenHash"] = new string('b', 64),
            ["TokenHint"] = "gp_y…", ["Scopes"] = "[\"read\"]",
        }));

        // Requests by a person and by the pipeline (no owner name stored in those days); the register rows they point at do not matter here.
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
        var requestColumns = await ColumnsAsync(db, "PromotionRequests");
        await db.Database.ExecuteSqlRawAsync(Insert("PromotionRequests", requestColumns, new()
        {
            ["Id"] = "11111111-1111-1111-1111-111111111111", ["RequestedBy"] = "Scientist@Demo.local", ["RequestedByService"] = "0", ["Status"] = "Pending",
            ["TargetStage"] = "Production", ["ModelVersionId"] = Guid.NewGuid().ToString(), ["AiSystemId"] = Guid.NewGuid().ToString(),
        }));
        await db.Database.ExecuteSqlRawAsync(Insert("PromotionRequests", requestColumns, new()
        {
            ["Id"] = "22222222-2222-2222-2222-222222222222", ["RequestedBy"] = "nightly", ["RequestedByService"] = "1", ["Status"] = "Pending",
            ["TargetStage"] = "Staging", ["ModelVersionId"] = Guid.NewGuid().ToString(), ["AiSystemId"] = Guid.NewGuid().ToString(),
        }));

        await migrator.MigrateAsync();

        Assert.Equal("u-sci", await ScalarAsync(db, "SELECT RequestedById FROM PromotionRequests WHERE Id = '11111111-1111-1111-1111-111111111111'"));
        Assert.Null(await ScalarAsync(db, "SELECT RequestedById FROM PromotionRequests WHERE Id = '22222222-2222-2222-2222-222222222222'"));
        Assert.Equal("u-risk", await ScalarAsync(db, "SELECT RequestedOnBehalfOfId FROM PromotionRequests WHERE Id = '22222222-2222-2222-2222-222222222222'"));

        Assert.Equal("u-risk", await ScalarAsync(db, "SELECT OwnerId FROM ServiceIdentities WHERE Name = 'nightly'"));
        Assert.Null(await ScalarAsync(db, "SELECT OwnerId FROM ServiceIdentities WHERE Name = 'orphan'"));
    }

    private static async Task<List<(string Name, bool NotNull, string Type)>> ColumnsAsync(GovernanceDbContext db, string table)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA table_info(\"{table}\")";
        var columns = new List<(string, bool, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add((reader.GetString(1), reader.GetInt32(3) == 1, reader.GetString(2)));
        return columns;
    }

    /// <summary>An INSERT giving every NOT NULL column a value (the given ones, else a neutral default), so the test survives new columns.</summary>
    private static string Insert(string table, List<(string Name, bool NotNull, string Type)> columns, Dictionary<string, string> values)
    {
        string Value((string Name, bool NotNull, string Type) c) => values.TryGetValue(c.Name, out var v) ? $"'{v.Replace("'", "''")}'"
            : c.Type.Contains("INT") ? "0" : c.Name.EndsWith("At") ? "'2026-01-01 00:00:00'" : "''";
        var used = columns.Where(c => c.NotNull || values.ContainsKey(c.Name)).ToList();
        return $"INSERT INTO \"{table}\" ({string.Join(", ", used.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", used.Select(Value))})";
    }

    private static async Task<string?> ScalarAsync(GovernanceDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? null : (string)value;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
