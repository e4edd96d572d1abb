using System.Data.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// What the writer looks up for a group, shared by the provider-specific commands (<see cref="PostgresGroupLookups"/>,
/// <see cref="SqliteGroupLookups"/>): the lists the events name, the mapped table and column names the statements use
/// (<see cref="Names"/>, read from the model once), and the reading of the four result sets (stored event keys, runs,
/// datasets, dataset versions) in that order.
/// </summary>
internal sealed class GroupLookup
{
    public GroupLookup(IReadOnlyCollection<ParsedEvent> events)
    {
        Keys = events.Select(e => e.Key).Distinct().ToArray();
        RunIds = events.Where(e => e.Kind == EventKind.Run).Select(e => e.RunId).Distinct().ToArray();
        Refs = events.SelectMany(e => e.Inputs.Concat(e.Outputs.Where(o => o.Model is null))).ToList();
        Pairs = Refs.Select(d => (d.Namespace, d.Name)).Distinct().ToList();
        Triples = Refs.Select(d => (d.Namespace, d.Name, d.Version)).Distinct().ToList();
    }

    public string[] Keys { get; }
    public Guid[] RunIds { get; }
    public List<DatasetRef> Refs { get; }
    public List<(string Namespace, string Name)> Pairs { get; }
    public List<(string Namespace, string Name, string Version)> Triples { get; }

    /// <summary>The delimited table and column names the lookup statements use, as the model maps them.</summary>
    public sealed record Names(string EventTable, string EventKey, string RunId, string DatasetTable, string DatasetId, string Namespace,
        string Name, string VersionTable, string VersionOf, string Version)
    {
        public static Names Of(DbContext db)
        {
            var (eventTable, eventKey) = EntityReader.TableAndColumn(db, typeof(LineageEvent), nameof(LineageEvent.EventKey));
            var (datasetTable, datasetId) = EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Id));
            var (versionTable, versionOf) = EntityReader.TableAndColumn(db, typeof(DatasetVersion), nameof(DatasetVersion.DatasetId));
            return new Names(eventTable, eventKey, EntityReader.TableAndColumn(db, typeof(TrainingRun), nameof(TrainingRun.Id)).Column,
                datasetTable, datasetId, EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Namespace)).Column,
                EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Name)).Column, versionTable, versionOf,
                EntityReader.TableAndColumn(db, typeof(DatasetVersion), nameof(DatasetVersion.Version)).Column);
        }
    }

    /// <summary>Reads the four result sets, hands runs, datasets and versions to the projection, and returns the stored event keys.</summary>
    public async Task<HashSet<string>> ReadAsync(GovernanceDbContext db, Projection projection, DbDataReader reader, CancellationToken ct)
    {
        var known = new HashSet<string>();
        while (await reader.ReadAsync(ct)) known.Add(reader.GetString(0));
        await reader.NextResultAsync(ct);
        projection.RememberRuns(RunIds, await EntityReader.ReadAsync<TrainingRun>(db, reader, ct));
        await reader.NextResultAsync(ct);
        var stored = projection.RememberDatasets(Refs, await EntityReader.ReadAsync<Dataset>(db, reader, ct));
        await reader.NextResultAsync(ct);
        projection.RememberVersions(stored, await EntityReader.ReadAsync<DatasetVersion>(db, reader, ct));
        return known;
    }
}
