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
        var keys = events.Select(e => e.Key).Distinct().ToArray();
        var runIds = events.Where(e => e.Kind == EventKind.Run).Select(e => e.RunId).Distinct().ToArray();
        var refs = events.SelectMany(e => e.Inputs.Concat(e.Outputs.Where(o => o.Model is null))).ToList();
        var pairs = refs.Select(d => (d.Namespace, d.Name)).Distinct().ToList();
        var triples = refs.Select(d => (d.Namespace, d.Name, d.Version)).Distinct().ToList();

        await db.Database.OpenConnectionAsync(ct);
        await using var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        var (eventTable, eventKey) = EntityReader.TableAndColumn(db, typeof(LineageEvent), nameof(LineageEvent.EventKey));
        var (_, runId) = EntityReader.TableAndColumn(db, typeof(TrainingRun), nameof(TrainingRun.Id));
        var (datasetTable, datasetId) = EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Id));
        var (_, ns) = EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Namespace));
        var (_, name) = EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Name));
        var (versionTable, versionOf) = EntityReader.TableAndColumn(db, typeof(DatasetVersion), nameof(DatasetVersion.DatasetId));
        var (_, version) = EntityReader.TableAndColumn(db, typeof(DatasetVersion), nameof(DatasetVersion.Version));
        var byName = $"d.{ns} = k.value ->> 0 AND d.{name} = k.value ->> 1";
        command.CommandText =
            $"SELECT {eventKey} FROM {eventTable} WHERE {eventKey} IN (SELECT value FROM json_each(@keys));\n" +
            $"{EntityReader.SelectList(db, typeof(TrainingRun), "r")} WHERE r.{runId} IN (SELECT value FROM json_each(@runs));\n" +
            $"SELECT {EntityReader.ColumnList(db, typeof(Dataset), "d")} FROM json_each(@pairs) AS k CROSS JOIN {datasetTable} AS d WHERE {byName};\n" +
            $"SELECT {EntityReader.ColumnList(db, typeof(DatasetVersion), "v")} FROM json_each(@triples) AS k CROSS JOIN {datasetTable} AS d " +
            $"CROSS JOIN {versionTable} AS v WHERE {byName} AND v.{versionOf} = d.{datasetId} AND v.{version} = k.value ->> 2;";
        command.Parameters.AddWithValue("@keys", JsonSerializer.Serialize(keys));
        // Stored as EF stores a Guid on SQLite: upper-case text.
        command.Parameters.AddWithValue("@runs", JsonSerializer.Serialize(runIds.Select(id => id.ToString().ToUpperInvariant())));
        command.Parameters.AddWithValue("@pairs", JsonSerializer.Serialize(pairs.Select(p => new[] { p.Namespace, p.Name })));
        command.Parameters.AddWithValue("@triples", JsonSerializer.Serialize(triples.Select(t => new[] { t.Namespace, t.Name, t.Version })));

        var known = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) known.Add(reader.GetString(0));
        await reader.NextResultAsync(ct);
        projection.RememberRuns(runIds, await EntityReader.ReadAsync<TrainingRun>(db, reader, ct));
        await reader.NextResultAsync(ct);
        var stored = projection.RememberDatasets(refs, await EntityReader.ReadAsync<Dataset>(db, reader, ct));
        await reader.NextResultAsync(ct);
        projection.RememberVersions(stored, await EntityReader.ReadAsync<DatasetVersion>(db, reader, ct));
        return known;
    }
}
