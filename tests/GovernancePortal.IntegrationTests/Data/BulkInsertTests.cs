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
    /// Column for column, what the bulk path stores equals what SaveChanges stores for the same row: each kind of row the
    /// writer inserts (audit entries included), with its nullable columns empty and filled and every column a value of
    /// its own (so two columns swapped would show), each written by the bulk path and read back raw, rolled back, then
    /// built afresh and saved, read back the same way. The edge's numbered key differs by design and is left out.
    /// </summary>
    [Fact]
    public async Task Rows_StoredColumnForColumnAsSaveChangesStoresThem()
    {
        var t = Odd;
        Guid parentDataset = Guid.NewGuid(), parentRun = Guid.NewGuid(), edgeFrom = Guid.NewGuid();
        Guid[] ids = [.. Enumerable.Range(0, 8).Select(_ => Guid.NewGuid())];
        string unique = Guid.NewGuid().ToString("N"), eventKey1 = Guid.NewGuid().ToString("N"), eventKey2 = Guid.NewGuid().ToString("N");
        const long sequence = long.MaxValue - 7;
        // Parents stay for the rows after them: the dataset the versions belong to and the run the events name.
        await SaveAsync(new Dataset { Id = parentDataset, Namespace = "s3://same", Name = "parent-" + unique, CreatedAt = t });
        await SaveAsync(new TrainingRun { Id = parentRun, JobName = "same/parent", StartedAt = t });
        var rows = new (Func<object> Build, string Key, object Value)[]
        {
            (() => new Dataset { Id = ids[0], Namespace = "s3://filled", Name = "filled-" + unique, Owner = "team", Description = "d", CreatedAt = t.AddSeconds(1) }, nameof(Dataset.Id), ids[0]),
            (() => new Dataset { Id = ids[1], Namespace = "s3://bare", Name = "bare-" + unique, CreatedAt = t.AddSeconds(2) }, nameof(Dataset.Id), ids[1]),
            (() => new DatasetVersion { Id = ids[2], DatasetId = parentDataset, Version = "v1", Uri = "s3://same/x", RowCount = 42, Sha256 = new string('a', 64), Licence = "MIT", SchemaSummary = "a:int", ContainsPersonalData = true, Provenance = "OpenLineage", CreatedAt = t.AddSeconds(3) }, nameof(DatasetVersion.Id), ids[2]),
            (() => new DatasetVersion { Id = ids[3], DatasetId = parentDataset, Version = "v2", Uri = "s3://same/y", CreatedAt = t.AddSeconds(4) }, nameof(DatasetVersion.Id), ids[3]),
            (() => new TrainingRun { Id = ids[4], JobName = "same/job", Status = RunStatus.Completed, StartedAt = t.AddSeconds(5), EndedAt = t.AddSeconds(6), CreatedBy = "ops", CodeCommit = "abc123", EnvironmentImageDigest = "sha256:" + new string('d', 64), Parameters = { ["lr"] = "0.1", ["é"] = "\"q\"" }, Metrics = { ["auc"] = 0.875 } }, nameof(TrainingRun.Id), ids[4]),
            (() => new TrainingRun { Id = ids[5], JobName = "same/running", Status = RunStatus.Running, StartedAt = t.AddSeconds(7) }, nameof(TrainingRun.Id), ids[5]),
            (() => Edges.Produced(edgeFrom, ids[2], NodeType.DatasetVersion, t.AddSeconds(8)), nameof(LineageEdge.FromId), edgeFrom),
            (() => new LineageEvent { Id = ids[6], EventKey = eventKey1, RunId = parentRun, EventType = "COMPLETE", EventTime = t.AddSeconds(9), ReceivedAt = t.AddSeconds(10), ReceivedBy = "ops", Json = "{\"a\":1}", ValidationNotes = "one\ntwo" }, nameof(LineageEvent.Id), ids[6]),
            (() => new LineageEvent { Id = ids[7], EventKey = eventKey2, EventType = "DatasetEvent", EventTime = t.AddSeconds(11), ReceivedAt = t.AddSeconds(12), ReceivedBy = "pipeline", Json = "{}" }, nameof(LineageEvent.Id), ids[7]),
            (() => new AuditEntry { Sequence = sequence, Timestamp = t.AddSeconds(13), Actor = "ops", ActorKind = ActorKind.Service, Action = "Test", EntityType = "X", EntityId = "1", Before = null, After = "{}", PreviousHash = new string('b', 64), Hash = new string('c', 64) }, nameof(AuditEntry.Sequence), sequence),
        };
        foreach (var (build, key, value) in rows)
        {
            var inserted = await StoredAsync(build(), key, value, bulk: true);
            var saved = await StoredAsync(build(), key, value, bulk: false);
            Assert.Equal(saved, inserted);
        }
    }

    /// <summary>
    /// A value longer than its column: PostgreSQL refuses it on both paths (the bulk path's array cast must not cut it);
    /// SQLite does not enforce lengths and stores it whole on both. Either way the two paths agree.
    /// </summary>
    [Fact]
    public async Task TooLongValue_SameOutcomeAsSaveChanges()
    {
        var id = Guid.NewGuid();
        Dataset Build() => new() { Id = id, Namespace = "s3://long", Name = new string('x', 501), CreatedAt = Odd };
        var bulk = await Record.ExceptionAsync(() => StoredAsync(Build(), nameof(Dataset.Id), id, bulk: true));
        var saved = await Record.ExceptionAsync(() => StoredAsync(Build(), nameof(Dataset.Id), id, bulk: false));
        if (TestDatabase.IsPostgres)
        {
            Assert.Contains("22001", bulk?.ToString());
            Assert.Contains("22001", saved?.ToString());
        }
        else
        {
            Assert.Null(bulk);
            Assert.Null(saved);
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
        }
        var type = db.Model.FindEntityType(row.GetType())!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var keyColumn = type.FindProperty(keyProperty)!;
        var primary = type.FindPrimaryKey()!.Properties.Single();
        // Left out: a numbered primary key when the row is found by another column (the edge's Id).
        var leftOut = primary == keyColumn ? null : primary.GetColumnName(table);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"SELECT * FROM \"{table.Name}\" WHERE \"{keyColumn.GetColumnName(table)}\" = @k";
        command.Parameters.Add(keyColumn.GetRelationalTypeMapping().CreateParameter(command, "@k", key));
        var columns = new SortedDictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync(), $"{type.DisplayName()} was not stored ({(bulk ? "bulk" : "SaveChanges")}).");
            for (var i = 0; i < reader.FieldCount; i++)
                if (reader.GetName(i) != leftOut)
                    columns[reader.GetName(i)] = reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
                    {
                        DateTime d => $"DateTime:{d:O}",
                        DateTimeOffset d => $"DateTimeOffset:{d:O}",
                        var v => $"{v.GetType().Name}:{System.Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)}",
                    };
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
