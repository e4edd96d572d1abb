using System.Collections.Concurrent;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Lineage.OpenLineage;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Data;

/// <summary>
/// <see cref="BulkInsert"/> on the real provider: rows written past the change tracker read back exactly as EF would have
/// stored them (converted enums and dictionaries, client Guids, times cut to the microsecond, numbered edge ids), are
/// reported to the register signal like saved rows, and are never written outside a transaction.
/// </summary>
public class BulkInsertTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly DateTime Odd = new DateTime(2026, 12, 2, 10, 11, 12, DateTimeKind.Utc).AddTicks(1_234_567);

    [Fact]
    public async Task Rows_ReadBackAsSaveChangesWouldStoreThem()
    {
        var dataset = new Dataset { Namespace = "s3://bulk", Name = Guid.NewGuid().ToString("N"), Owner = "team", CreatedAt = Odd };
        var version = new DatasetVersion { DatasetId = dataset.Id, Version = "v1", Uri = "s3://bulk/x", RowCount = 42, CreatedAt = Odd };
        var run = new TrainingRun { JobName = "bulk/job", Status = RunStatus.Completed, StartedAt = Odd, EndedAt = Odd.AddSeconds(1), Parameters = { ["lr"] = "0.1" } };
        var edge = Edges.Produced(run.Id, version.Id, NodeType.DatasetVersion, Odd);
        var stored = new LineageEvent { EventKey = Guid.NewGuid().ToString("N"), RunId = run.Id, EventType = "COMPLETE", EventTime = Odd, ReceivedAt = Odd, ReceivedBy = "test", Json = "{\"a\":1}" };
        await using (var db = factory.NewDb())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BulkInsert.InsertAsync(db, [[dataset], [version], [run], [edge], [stored]], default);
            await transaction.CommitAsync();
        }

        await using var read = factory.NewDb();
        var micro = StoredTimePrecision.Truncate(Odd);
        Assert.NotEqual(Odd, micro);
        var d = await read.Datasets.Include(x => x.Versions).SingleAsync(x => x.Id == dataset.Id);
        Assert.Equal(("team", micro, ""), (d.Owner, d.CreatedAt, d.Description));
        Assert.Equal((version.Id, "v1", 42L, micro), (d.Versions.Single().Id, d.Versions.Single().Version, d.Versions.Single().RowCount!.Value, d.Versions.Single().CreatedAt));
        var r = await read.TrainingRuns.SingleAsync(x => x.Id == run.Id);
        Assert.Equal((RunStatus.Completed, micro, micro.AddSeconds(1), "0.1"), (r.Status, r.StartedAt, r.EndedAt!.Value, r.Parameters["lr"]));
        var e = await read.LineageEdges.SingleAsync(x => x.FromId == run.Id);
        Assert.True(e.Id > 0);
        Assert.Equal((version.Id, NodeType.TrainingRun, NodeType.DatasetVersion, EdgeKind.Produced), (e.ToId, e.FromType, e.ToType, e.Kind));
        var ev = await read.LineageEvents.SingleAsync(x => x.EventKey == stored.EventKey);
        Assert.Equal((stored.Id, run.Id, micro, "{\"a\":1}", (string?)null), (ev.Id, ev.RunId, ev.EventTime, ev.Json, ev.ValidationNotes));
    }

    /// <summary>
    /// Column for column, what the bulk path stores equals what SaveChanges stores for the same object: each kind of row the
    /// writer inserts, with its nullable columns empty and filled, saved one way and read back raw, rolled back, then
    /// inserted the other way and read back the same. (The edge's numbered key differs by design and is left out.)
    /// </summary>
    [Fact]
    public async Task Rows_StoredColumnForColumnAsSaveChangesStoresThem()
    {
        var dataset = new Dataset { Namespace = "s3://same", Name = Guid.NewGuid().ToString("N"), Owner = "team", Description = "d", CreatedAt = Odd };
        var bare = new Dataset { Namespace = "s3://same", Name = Guid.NewGuid().ToString("N"), CreatedAt = Odd };
        var version = new DatasetVersion { DatasetId = dataset.Id, Version = "v1", Uri = "s3://same/x", RowCount = 42, Provenance = "OpenLineage", CreatedAt = Odd };
        var noCount = new DatasetVersion { DatasetId = dataset.Id, Version = "v2", Uri = "s3://same/y", CreatedAt = Odd };
        var run = new TrainingRun { JobName = "same/job", Status = RunStatus.Completed, StartedAt = Odd, EndedAt = Odd.AddSeconds(1), CreatedBy = "ops", Parameters = { ["lr"] = "0.1", ["é"] = "\"q\"" } };
        var running = new TrainingRun { JobName = "same/job", Status = RunStatus.Running, StartedAt = Odd };
        var edge = Edges.Produced(run.Id, version.Id, NodeType.DatasetVersion, Odd);
        var noted = new LineageEvent { EventKey = Guid.NewGuid().ToString("N"), RunId = run.Id, EventType = "COMPLETE", EventTime = Odd, ReceivedAt = Odd, ReceivedBy = "ops", Json = "{\"a\":1}", ValidationNotes = "one\ntwo" };
        var dataEvent = new LineageEvent { EventKey = Guid.NewGuid().ToString("N"), EventType = "", EventTime = Odd, ReceivedAt = Odd, ReceivedBy = "ops", Json = "{}" };
        // Parents first: the dataset the versions belong to and the run the events name stay for the rows after them.
        await SaveAsync(dataset);
        await SaveAsync(run);
        foreach (var (row, key, value) in new (object, string, object)[]
        {
            (bare, nameof(Dataset.Id), bare.Id), (version, nameof(DatasetVersion.Id), version.Id), (noCount, nameof(DatasetVersion.Id), noCount.Id),
            (running, nameof(TrainingRun.Id), running.Id), (edge, nameof(LineageEdge.FromId), edge.FromId),
            (noted, nameof(LineageEvent.Id), noted.Id), (dataEvent, nameof(LineageEvent.Id), dataEvent.Id),
        })
        {
            var saved = await StoredAsync(row, key, value, bulk: false);
            var inserted = await StoredAsync(row, key, value, bulk: true);
            Assert.Equal(saved, inserted);
        }
    }

    private async Task SaveAsync(object row)
    {
        await using var db = factory.NewDb();
        db.Actor = Actor.System("test");
        db.Add(row);
        await db.SaveChangesAsync();
    }

    /// <summary>Writes the row one way in a transaction, reads its columns back raw by name, and rolls the write back.</summary>
    private async Task<SortedDictionary<string, string>> StoredAsync(object row, string keyProperty, object key, bool bulk)
    {
        await using var db = factory.NewDb();
        db.Actor = Actor.System("test");
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (bulk) await BulkInsert.InsertAsync(db, [[row]], default);
        else
        {
            db.Add(row);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        var type = db.Model.FindEntityType(row.GetType())!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var keyColumn = type.FindProperty(keyProperty)!;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"SELECT * FROM \"{table.Name}\" WHERE \"{keyColumn.GetColumnName(table)}\" = @k";
        command.Parameters.Add(keyColumn.GetRelationalTypeMapping().CreateParameter(command, "@k", key));
        var columns = new SortedDictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync(), $"{type.DisplayName()} was not stored ({(bulk ? "bulk" : "SaveChanges")}).");
            for (var i = 0; i < reader.FieldCount; i++)
                if (!(type.FindPrimaryKey()!.Properties.Single().GetColumnName(table) == reader.GetName(i) && keyProperty != type.FindPrimaryKey()!.Properties.Single().Name))
                    columns[reader.GetName(i)] = reader.IsDBNull(i) ? "NULL" : $"{reader.GetFieldType(i).Name}:{System.Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}";
            Assert.False(await reader.ReadAsync());
        }
        await transaction.RollbackAsync();
        return columns;
    }

    [Fact]
    public async Task ManyRows_AllStored()
    {
        // Many rows of one table: PostgreSQL's arrays of 1,234 values, SQLite's statement stepped 1,234 times.
        var from = Guid.NewGuid();
        var edges = Enumerable.Range(0, 1_234).Select(_ => Edges.Consumed(Guid.NewGuid(), from, Odd)).ToList();
        await using (var db = factory.NewDb())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BulkInsert.InsertAsync(db, [edges], default);
            await transaction.CommitAsync();
        }
        await using var read = factory.NewDb();
        var stored = await read.LineageEdges.Where(x => x.ToId == from).Select(x => x.FromId).ToListAsync();
        Assert.Equal(edges.Select(x => x.FromId).Order(), stored.Order());
    }

    [Fact]
    public async Task Rows_AreSignalledLikeSavedRows()
    {
        var heard = new ConcurrentQueue<RegisterChange>();
        var signal = factory.Services.GetRequiredService<RegisterSignal>();
        void Record(IReadOnlyList<RegisterChange> changes) { foreach (var c in changes) heard.Enqueue(c); }
        signal.Changed += Record;
        try
        {
            var edge = Edges.Consumed(Guid.NewGuid(), Guid.NewGuid(), Odd);
            var dataset = new Dataset { Namespace = "s3://bulk", Name = Guid.NewGuid().ToString("N"), CreatedAt = Odd };
            await using (var db = factory.NewDb())
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await BulkInsert.InsertAsync(db, [[edge], [dataset]], default);
                await transaction.CommitAsync();
            }
            // Published synchronously when the context is disposed, as a save inside a caller's transaction is.
            Assert.Contains(new RegisterChange(nameof(LineageEdge), edge.ToId, ChangeKind.Created, edge.FromId), heard);
            Assert.Contains(new RegisterChange(nameof(Dataset), dataset.Id, ChangeKind.Created), heard);
        }
        finally { signal.Changed -= Record; }
    }

    [Fact]
    public async Task WithoutTransaction_WritesNothing()
    {
        var edge = Edges.Consumed(Guid.NewGuid(), Guid.NewGuid(), Odd);
        await using (var db = factory.NewDb())
            await Assert.ThrowsAsync<InvalidOperationException>(() => BulkInsert.InsertAsync(db, [[edge]], default));
        await using var read = factory.NewDb();
        Assert.False(await read.LineageEdges.AnyAsync(x => x.ToId == edge.ToId));
    }
}
