using System.Data.Common;
using GovernancePortal.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// The provider the integration tests run on: SQLite files by default; PostgreSQL when
/// <c>GP_TEST_PROVIDER=Postgres</c> and <c>GP_TEST_PG</c> holds a server connection string without a database
/// (e.g. <c>Host=127.0.0.1;Port=55439;Username=postgres</c>). test.sh runs the suite once on each (docs/testing-postgres.md).
/// </summary>
public static class TestDatabase
{
    public static DatabaseProvider Provider { get; } = GovernanceDatabase.ParseProvider(Environment.GetEnvironmentVariable("GP_TEST_PROVIDER"));

    public static bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>
    /// Marks tests that are about SQLite itself (its files, its counters); the PostgreSQL run leaves them out with
    /// <c>--filter Provider!=SqliteOnly</c> and each says why beside the trait (docs/testing-postgres.md).
    /// </summary>
    public const string Trait = "Provider";
    public const string SqliteOnly = "SqliteOnly";

    /// <summary>Opens a raw connection of the provider under test, for tests that tamper below EF Core like an attacker would.</summary>
    public static async Task<DbConnection> OpenAsync(string connectionString)
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static void ClearPools()
    {
        if (IsPostgres) NpgsqlConnection.ClearAllPools();
        else SqliteConnection.ClearAllPools();
    }
}

/// <summary>
/// One PostgreSQL database per factory. The demo is migrated and seeded once per test run into a template database,
/// and each factory gets <c>CREATE DATABASE x TEMPLATE tpl</c> (a file copy: milliseconds, against seconds for
/// migrating and seeding). Factories with their own clock start from an empty database and seed at their own time.
/// </summary>
public static class PostgresTestDatabases
{
    private static readonly string Server = Environment.GetEnvironmentVariable("GP_TEST_PG")
        ?? throw new InvalidOperationException("GP_TEST_PROVIDER=Postgres needs GP_TEST_PG, e.g. Host=127.0.0.1;Port=55439;Username=postgres");
    private static readonly string RunId = $"{Environment.ProcessId}_{Guid.NewGuid():N}"[..20];
    private static readonly string Template = $"gp_tpl_{RunId}";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool templateReady;

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database, IncludeErrorDetail = true }.ToString();

    /// <summary>Creates <paramref name="database"/>, a copy of the seeded demo template, or empty when <paramref name="seeded"/> is false.</summary>
    public static void Create(string database, bool seeded)
    {
        Gate.Wait();
        try
        {
            if (seeded && !templateReady)
            {
                BuildTemplate();
                templateReady = true;
            }
            // CREATE DATABASE refuses a template that has sessions; the template's host is gone but its pool may linger.
            Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Template}' AND pid <> pg_backend_pid()");
            Admin(seeded ? $"CREATE DATABASE \"{database}\" TEMPLATE \"{Template}\"" : $"CREATE DATABASE \"{database}\"");
        }
        finally { Gate.Release(); }
    }

    public static void Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private static void BuildTemplate()
    {
        Admin($"DROP DATABASE IF EXISTS \"{Template}\" WITH (FORCE)");
        Admin($"CREATE DATABASE \"{Template}\"");
        // The real host migrates and seeds the demo at start-up (Development), exactly as every factory's would.
        using (var host = new TemplateHost(ConnectionString(Template))) host.CreateClient().Dispose();
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Drop(Template); } catch (NpgsqlException) { } };
    }

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private sealed class TemplateHost(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Governance", connectionString);
        }
    }
}
