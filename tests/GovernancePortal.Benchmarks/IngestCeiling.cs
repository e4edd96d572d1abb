using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// The ceiling for OpenLineage ingest on this machine: the same rows one accepted event produces (the stored
/// event, the run, its input edge) inserted by raw Microsoft.Data.Sqlite in one process, 500 events per
/// transaction, with the portal's own schema and the same synchronous=FULL WAL settings.
/// usage: ingest-ceiling DB_FILE_WITH_SCHEMA EVENTS
/// </summary>
public static class IngestCeiling
{
    public static int Run(string[] args)
    {
        var (file, events) = (args[1], int.Parse(args[2]));
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        var datasetVersion = Guid.NewGuid().ToString().ToUpperInvariant();
        var json = new string('x', 520); // the size of one load-driver event
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < events; done += 500)
        {
            using var tx = connection.BeginTransaction();
            using var ev = Command(connection, tx, "INSERT INTO LineageEvents (Id, EventKey, RunId, EventType, EventTime, ReceivedAt, ReceivedBy, Json) VALUES ($id, $key, $run, 'COMPLETE', $t, $t, 'load', $json)");
            using var run = Command(connection, tx, "INSERT INTO TrainingRuns (Id, JobName, CodeCommit, Parameters, Metrics, EnvironmentImageDigest, Status, StartedAt, EndedAt, CreatedBy) VALUES ($run, 'load/job', '', '{}', '{}', '', 'Completed', $t, $t, 'load')");
            using var edge = Command(connection, tx, "INSERT INTO LineageEdges (FromId, FromType, ToId, ToType, Kind, CreatedAt) VALUES ($ds, 'DatasetVersion', $run, 'TrainingRun', 'Consumed', $t)");
            for (var i = done; i < Math.Min(events, done + 500); i++)
            {
                var runId = Guid.NewGuid().ToString().ToUpperInvariant();
                var t = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF");
                Exec(ev, ("$id", Guid.NewGuid().ToString().ToUpperInvariant()), ("$key", Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + i), ("$run", runId), ("$t", t), ("$json", json));
                Exec(run, ("$run", runId), ("$t", t));
                Exec(edge, ("$ds", datasetVersion), ("$run", runId), ("$t", t));
            }
            tx.Commit();
        }
        Console.WriteLine($"raw SQLite: {events} events in {clock.Elapsed.TotalSeconds:F2} s = {events / clock.Elapsed.TotalSeconds:F0} events/s");
        return 0;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static void Exec(SqliteCommand command, params (string Name, object Value)[] values)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in values) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }
}
