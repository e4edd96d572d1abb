using System.Data.Common;
using GovernancePortal.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
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

/// <summary>What a factory's database starts from on PostgreSQL.</summary>
public enum TestTemplate
{
    /// <summary>Empty: the factory's host migrates and seeds it (a factory with its own clock seeds at its own time).</summary>
    None,
    /// <summary>The demo as the portal seeds it.</summary>
    Demo,
    /// <summary>
    /// The demo seeded with <see cref="FakeCards"/> as the published cards: the seeded approvals bind to the card
    /// hashes the seeding host saw, so a factory that replaces the cards must start from a demo seeded with the same
    /// replacement, or every seeded approval reads as "facts changed".
    /// </summary>
    DemoWithFakeCards,
}

/// <summary>
/// One PostgreSQL database per factory. The demo is migrated and seeded once per test run and template kind into a
/// template database, and each factory gets <c>CREATE DATABASE x TEMPLATE tpl</c> (a file copy: milliseconds, against
/// seconds for migrating and seeding).
/// </summary>
public static class PostgresTestDatabases
{
    private static readonly string Server = Environment.GetEnvironmentVariable("GP_TEST_PG")
        ?? throw new InvalidOperationException("GP_TEST_PROVIDER=Postgres needs GP_TEST_PG, e.g. Host=127.0.0.1;Port=55439;Username=postgres");
    private static readonly string RunId = $"{Environment.ProcessId}_{Guid.NewGuid():N}"[..20];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<TestTemplate> ready = [];

    private static string TemplateName(TestTemplate template) => $"gp_tpl_{RunId}_{(int)template}";

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database, IncludeErrorDetail = true }.ToString();

    /// <summary>Creates <paramref name="database"/>, a copy of <paramref name="template"/>, or empty for <see cref="TestTemplate.None"/>.</summary>
    public static void Create(string database, TestTemplate template)
    {
        Gate.Wait();
        try
        {
            if (template == TestTemplate.None)
            {
                Admin($"CREATE DATABASE \"{database}\"");
                return;
            }
            var name = TemplateName(template);
            if (ready.Add(template)) BuildTemplate(name, template);
            // CREATE DATABASE refuses a template that has sessions; the template's host is gone but its pool may linger.
            Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
            Admin($"CREATE DATABASE \"{database}\" TEMPLATE \"{name}\"");
        }
        finally { Gate.Release(); }
    }

    public static void Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private static void BuildTemplate(string name, TestTemplate template)
    {
        Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        Admin($"CREATE DATABASE \"{name}\"");
        // The real host migrates and seeds the demo at start-up (Development), exactly as every factory's would.
        using (var host = new TemplateHost(ConnectionString(name), template == TestTemplate.DemoWithFakeCards)) host.CreateClient().Dispose();
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Drop(name); } catch (NpgsqlException) { } };
    }

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private sealed class TemplateHost(string connectionString, bool fakeCards) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Governance", connectionString);
            if (fakeCards) builder.ConfigureServices(s => s.AddSingleton<GovernancePortal.Core.Features.Cards.IPublishedCards>(new FakeCards()));
        }
    }
}
