using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// The raw database insert rate of the rows one accepted event produces, written with plain ADO.NET into the portal's own
/// schema (same file or server, same settings), 100 events per transaction on one connection: the stored event, the run,
/// its input edge and, for a realistic event, the new output dataset, its version and the output edge. No validation, no
/// lookups, no audit entry: what the database alone costs, for comparison with the HTTP ingest of the same events.
/// </summary>
public static class IngestRaw
{
    public const int EventsPerTransaction = 100;

    /// <summary><paramref name="target"/>: <c>sqlite:FILE</c> or <c>postgres:CONNECTION_STRING</c>. Returns events per second.</summary>
    public static async Task<double> RunAsync(string target, int events, bool realistic, string json)
    {
        var (provider, where) = (target[..target.IndexOf(':')], target[(target.IndexOf(':') + 1)..]);
        var sqlite = provider == "sqlite";
        await using DbConnection connection = sqlite ? new SqliteConnection($"Data Source={where}") : new NpgsqlConnection(where);
        await connection.OpenAsync();
        // SQLite stores Guids and times as text in EF's formats; PostgreSQL takes them natively.
        object Id(Guid g) => sqlite ? g.ToString().ToUpperInvariant() : g;
        object Time(DateTime t) => sqlite ? t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF") : t;

        var input = Guid.CreateVersion7();
        var inputVersion = Guid.CreateVersion7();
        await using (var setup = connection.CreateCommand())
        {
            Add(setup, ("@d", Id(input)), ("@v", Id(inputVersion)), ("@n", $"raw-input-{input:N}"), ("@t", Time(DateTime.UtcNow)));
            setup.CommandText = DatasetSql + "; " + VersionSql.Replace("@ds", "@d");
            await setup.ExecuteNonQueryAsync();
        }
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < events; done += EventsPerTransaction)
        {
            await using var tx = await connection.BeginTransactionAsync();
            for (var i = done; i < Math.Min(events, done + EventsPerTransaction); i++)
            {
                var (run, output, outputVersion, t) = (Guid.NewGuid(), Guid.CreateVersion7(), Guid.CreateVersion7(), Time(DateTime.UtcNow));
                var sql = EventSql + "; " + RunSql + "; " + EdgeSql("@in", "DatasetVersion", "@run", "TrainingRun", "Consumed");
                if (realistic) sql += "; " + DatasetSql + "; " + VersionSql + "; " + EdgeSql("@run", "TrainingRun", "@v", "DatasetVersion", "Produced");
                await using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = sql;
                Add(command, ("@id", Id(Guid.CreateVersion7())), ("@key", Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())),
                    ("@run", Id(run)), ("@t", t), ("@json", json), ("@in", Id(inputVersion)));
                if (realistic) Add(command, ("@d", Id(output)), ("@ds", Id(output)), ("@v", Id(outputVersion)), ("@n", $"out/{run:N}"));
                await command.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        return events / clock.Elapsed.TotalSeconds;
    }

    private const string EventSql = """INSERT INTO "LineageEvents" ("Id", "EventKey", "RunId", "EventType", "EventTime", "ReceivedAt", "ReceivedBy", "Json") VALUES (@id, @key, @run, 'COMPLETE', @t, @t, 'load', @json)""";
    private const string RunSql = """INSERT INTO "TrainingRuns" ("Id", "JobName", "CodeCommit", "Parameters", "Metrics", "EnvironmentImageDigest", "Status", "StartedAt", "EndedAt", "CreatedBy") VALUES (@run, 'load/job', '', '{}', '{}', '', 'Completed', @t, @t, 'load')""";
    private const string DatasetSql = """INSERT INTO "Datasets" ("Id", "Namespace", "Name", "Description", "Owner", "CreatedAt") VALUES (@d, 's3://load', @n, '', '', @t)""";
    private const string VersionSql = """INSERT INTO "DatasetVersions" ("Id", "DatasetId", "Version", "Uri", "Licence", "Provenance", "SchemaSummary", "ContainsPersonalData", "CreatedAt") VALUES (@v, @ds, 'unversioned', @n, '', 'OpenLineage', '', FALSE, @t)""";

    private static string EdgeSql(string from, string fromType, string to, string toType, string kind) =>
        $"""INSERT INTO "LineageEdges" ("FromId", "FromType", "ToId", "ToType", "Kind", "CreatedAt") VALUES ({from}, '{fromType}', {to}, '{toType}', '{kind}', @t)""";

    private static void Add(DbCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
    }
}
