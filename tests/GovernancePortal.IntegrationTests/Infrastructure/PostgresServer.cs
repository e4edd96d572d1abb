using GovernancePortal.Core.Data;
using Npgsql;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// Features that exist only on PostgreSQL (the advisory-lock runner lease, NOTIFY between instances, one key ring for
/// several hosts; ADR 0043) need a server whichever provider the run is on: <c>GP_TEST_PG</c> (test.sh starts one).
/// Without it they are skipped on a developer's machine and fail under CI, which must provide it.
/// </summary>
public static class PostgresServer
{
    /// <summary>Trait value of tests that need a PostgreSQL server even in the SQLite run.</summary>
    public const string PostgresOnly = "PostgresOnly";

    public static string Require()
    {
        var server = Environment.GetEnvironmentVariable("GP_TEST_PG");
        if (!string.IsNullOrWhiteSpace(server)) return server;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            throw new InvalidOperationException("These tests need a PostgreSQL server: CI must set GP_TEST_PG (test.sh starts one), e.g. Host=127.0.0.1;Port=55432;Username=postgres");
        Skip.If(true, "Needs a PostgreSQL server in GP_TEST_PG (docs/testing-postgres.md).");
        return "";
    }

    /// <summary>A new empty database on the server, dropped on dispose.</summary>
    public static async Task<ScratchDatabase> EmptyDatabaseAsync()
    {
        var server = Require();
        var name = $"gp_multi_{Guid.NewGuid():N}";
        await AdminAsync(server, $"CREATE DATABASE \"{name}\"");
        return new ScratchDatabase(server, name);
    }

    internal static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; the limit only ends a test that will never pass.</summary>
    public static async Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (await condition()) return clock.Elapsed;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Still not true after {clock.Elapsed}: {what}");
    }
}

public sealed class ScratchDatabase(string server, string name) : IAsyncDisposable
{
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(server) { Database = name, IncludeErrorDetail = true }.ConnectionString;

    public GovernanceDatabase Database => GovernanceDatabase.Postgres(ConnectionString);

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.AdminAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}
