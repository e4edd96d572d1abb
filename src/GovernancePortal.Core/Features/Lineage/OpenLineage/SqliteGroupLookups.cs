using System.Text.Json;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// SQLite: the writer's lookups for a group (stored event keys, and the runs, datasets and dataset versions the events
/// name) as the four statements of one command, the counterpart of <see cref="PostgresGroupLookups"/> (ADR 0072). SQLite
/// has no round trips to save; what one command saves is EF's per-query work (cache key, parameters, command, reader,
/// connection rent), paid once per group: per ~8 single events, against per hundreds of batched ones. The lists go in
/// as JSON arrays read by <c>json_each</c>, as EF's own array parameters do on SQLite, so the SQL is the same for every
/// group size. Each (namespace, name) pair seeks the unique (Namespace, Name) index; rows are read through the EF model
/// (<see cref="EntityReader"/>).
/// </summary>
internal static class SqliteGroupLookups
{
    /// <summary>Runs the four lookups, hands runs, datasets and versions to the projection, and returns the stored event keys.</summary>
    public static async Task<HashSet<string>> LoadAsync(GovernanceDbContext db, Projection projection, IReadOnlyCollection<ParsedEvent> events, CancellationToken ct)
    {
        var q = new GroupLookup(events);
        await db.Database.OpenConnectionAsync(ct);
        // On the writer's kept connection the four statements are compiled once (ADR 0079); otherwise per call.
        await using var statement = await Data.Sqlite.KeptConnection.CommandForAsync(db, ModelCache.Get(db, "GovernancePortal:SqliteGroupLookups", Sql), null, ct);
        var command = statement.Command;
        command.Parameters.AddWithValue("@keys", JsonSerializer.Serialize(q.Keys));
        // Stored as EF stores a Guid on SQLite: upper-case text.
        command.Parameters.AddWithValue("@runs", JsonSerializer.Serialize(q.RunIds.Select(id => id.ToString().ToUpperInvariant())));
        command.Parameters.AddWithValue("@pairs", JsonSerializer.Serialize(q.Pairs.Select(p => new[] { p.Namespace, p.Name })));
        command.Parameters.AddWithValue("@triples", JsonSerializer.Serialize(q.Triples.Select(t => new[] { t.Namespace, t.Name, t.Version })));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await q.ReadAsync(db, projection, reader, ct);
    }

    /// <summary>The four statements, the same for every group (the lists are parameters): built once per model.</summary>
    private static string Sql(DbContext db)
    {
        var n = GroupLookup.Names.Of(db);
        var byName = $"d.{n.Namespace} = k.value ->> 0 AND d.{n.Name} = k.value ->> 1";
        return $"SELECT {n.EventKey} FROM {n.EventTable} WHERE {n.EventKey} IN (SELECT value FROM json_each(@keys));\n" +
            $"{EntityReader.SelectList(db, typeof(TrainingRun), "r")} WHERE r.{n.RunId} IN (SELECT value FROM json_each(@runs));\n" +
            $"SELECT {EntityReader.ColumnList(db, typeof(Dataset), "d")} FROM json_each(@pairs) AS k CROSS JOIN {n.DatasetTable} AS d WHERE {byName};\n" +
            $"SELECT {EntityReader.ColumnList(db, typeof(DatasetVersion), "v")} FROM json_each(@triples) AS k CROSS JOIN {n.DatasetTable} AS d " +
            $"CROSS JOIN {n.VersionTable} AS v WHERE {byName} AND v.{n.VersionOf} = d.{n.DatasetId} AND v.{n.Version} = k.value ->> 2;";
    }
}
