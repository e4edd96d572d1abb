using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// PostgreSQL: the writer's lookups for a group (which event keys are stored, and the runs, datasets and dataset versions
/// the events name) as four statements of one batch: one round trip per commit instead of four (ADR 0069). Single-event
/// requests pay these per commit, so each round trip is a share of their latency. The statements are the ones the EF
/// queries of <see cref="Projection"/> send, with array parameters; rows are read through the EF model
/// (<see cref="EntityReader"/>) and tracked as those queries' rows would be. Datasets of every event are asked for, also
/// of events found stored (the EF path asks only for new events' datasets after the key lookup): rows nobody uses are harmless.
/// </summary>
internal static class PostgresGroupLookups
{
    /// <summary>Runs the batch, hands runs, datasets and versions to the projection, and returns the stored event keys.</summary>
    public static async Task<HashSet<string>> LoadAsync(GovernanceDbContext db, Projection projection, IReadOnlyCollection<ParsedEvent> events, CancellationToken ct)
    {
        var q = new GroupLookup(events);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var batch = new NpgsqlBatch(connection) { Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction() };
        var sql = ModelCache.Get(db, "GovernancePortal:PostgresGroupLookups", Sql);
        Add(batch, sql[0], Text(q.Keys));
        Add(batch, sql[1], new NpgsqlParameter { Value = q.RunIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        Add(batch, sql[2], Text(q.Pairs.Select(p => p.Namespace)), Text(q.Pairs.Select(p => p.Name)));
        Add(batch, sql[3], Text(q.Triples.Select(t => t.Namespace)), Text(q.Triples.Select(t => t.Name)), Text(q.Triples.Select(t => t.Version)));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await q.ReadAsync(db, projection, reader, ct);
    }

    /// <summary>The four statements, the same for every group (the lists are array parameters): built once per model.</summary>
    private static IReadOnlyList<string> Sql(DbContext db)
    {
        var n = GroupLookup.Names.Of(db);
        // Each (namespace, name) pair seeks the unique (Namespace, Name) index on its own: a lateral subquery per pair, kept
        // apart by LIMIT 1 (the key is unique anyway), since a plain join is flattened and was planned as a hash join over a
        // scan of the whole table whenever its statistics lagged behind a fast-growing register. The EF query's
        // Namespace = ANY AND Name = ANY cannot name the pairs and scanned the namespace's whole index range (every dataset in
        // one namespace, as a pipeline's tables are). Both: 5-100 ms per commit in auto_explain; a seek per pair, well under 1.
        var byName = $"{n.DatasetTable} AS d WHERE d.{n.Namespace} = k.ns AND d.{n.Name} = k.name";
        return
        [
            $"SELECT {n.EventKey} FROM {n.EventTable} WHERE {n.EventKey} = ANY($1)",
            $"{EntityReader.SelectList(db, typeof(TrainingRun), "r")} WHERE r.{n.RunId} = ANY($1)",
            $"SELECT {EntityReader.ColumnList(db, typeof(Dataset), "d")} FROM unnest($1, $2) AS k(ns, name) CROSS JOIN LATERAL (SELECT * FROM {byName} LIMIT 1) AS d",
            $"SELECT {EntityReader.ColumnList(db, typeof(DatasetVersion), "v")} FROM unnest($1, $2, $3) AS k(ns, name, version) CROSS JOIN LATERAL " +
            $"(SELECT v.* FROM {n.VersionTable} AS v WHERE v.{n.Version} = k.version AND v.{n.VersionOf} = (SELECT d.{n.DatasetId} FROM {byName}) LIMIT 1) AS v",
        ];
    }

    private static NpgsqlParameter Text(IEnumerable<string> values) => new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static void Add(NpgsqlBatch batch, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
    }
}
