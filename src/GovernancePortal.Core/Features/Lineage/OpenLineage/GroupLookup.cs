using System.Data.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// What the writer looks up for a group, shared by the provider-specific commands (<see cref="PostgresGroupLookups"/>,
/// <see cref="SqliteGroupLookups"/>): the lists the events name, the mapped table and column names the statements use,
/// and the reading of the four result sets (stored event keys, runs, datasets, dataset versions) in that order.
/// </summary>
internal sealed class GroupLookup
{
    public GroupLookup(GovernanceDbContext db, IReadOnlyCollection<ParsedEvent> events)
    {
        Keys = events.Select(e => e.Key).Distinct().ToArray();
        RunIds = events.Where(e => e.Kind == EventKind.Run).Select(e => e.RunId).Distinct().ToArray();
        Refs = events.SelectMany(e => e.Inputs.Concat(e.Outputs.Where(o => o.Model is null))).ToList();
        Pairs = Refs.Select(d => (d.Namespace, d.Name)).Distinct().ToList();
        Triples = Refs.Select(d => (d.Namespace, d.Name, d.Version)).Distinct().ToList();
        (EventTable, EventKey) = EntityReader.TableAndColumn(db, typeof(LineageEvent), nameof(LineageEvent.EventKey));
        (_, RunId) = EntityReader.TableAndColumn(db, typeof(TrainingRun), nameof(TrainingRun.Id));
        (DatasetTable, DatasetId) = EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Id));
        (_, Namespace) = EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Namespace));
        (_, Name) = EntityReader.TableAndColumn(db, typeof(Dataset), nameof(Dataset.Name));
        (VersionTable, VersionOf) = EntityReader.TableAndColumn(db, typeof(DatasetVersion), nameof(DatasetVersion.DatasetId));
        (_, Version) = EntityReader.TableAndColumn(db, typeof(DatasetVersion), nameof(DatasetVersion.Version));
    }

    public string[] Keys { get; }
    public Guid[] RunIds { get; }
    public List<DatasetRef> Refs { get; }
    public List<(string Namespace, string Name)> Pairs { get; }
    public List<(string Namespace, string Name, string Version)> Triples { get; }

    public string EventTable { get; }
    public string EventKey { get; }
    public string RunId { get; }
    public string DatasetTable { get; }
    public string DatasetId { get; }
    public string Namespace { get; }
    public string Name { get; }
    public string VersionTable { get; }
    public string VersionOf { get; }
    public string Version { get; }

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
