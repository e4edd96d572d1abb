using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Data.Sqlite;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Data.Sqlite;

/// <summary>
/// The SQLite WAL is checkpointed by the portal's own checkpointer, never inside a request's commit (ADR 0068): the
/// connections the portal writes through do not checkpoint, wait for a busy write lock instead of sleeping 150 ms, and
/// under steady ingest the WAL stays bounded and is emptied once the portal is idle.
/// </summary>
// SQLite only: the WAL, its checkpoints and busy_timeout are SQLite's; PostgreSQL has none of them.
[Trait(TestDatabase.Trait, TestDatabase.SqliteOnly)]
public class WalCheckpointerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task PortalConnections_LeaveCheckpointsToTheCheckpointer_AndWaitForALockedDatabase()
    {
        await using var factory = new PortalFactory();
        _ = factory.CreateClient(); // starts the host and its hosted services

        await using var db = factory.NewDb();
        await db.Database.OpenConnectionAsync();
        Assert.Equal(0L, await PragmaAsync(db, "wal_autocheckpoint"));
        Assert.Equal((long)SqliteConnectionSetup.BusyTimeoutMilliseconds, await PragmaAsync(db, "busy_timeout"));
        Assert.Equal(2L, await PragmaAsync(db, "synchronous")); // FULL: every commit is synced before it is acknowledged
    }

    [Fact]
    public async Task SteadyIngest_KeepsTheWalBounded_AndTruncatesItOnceIdle()
    {
        // What SQLite's own checkpoints reach under this load is ~20 MB (docs/reliability/ingest.md, 2026-12-03): the claim
        // here is that the WAL is rewound while ingest goes on, not a size; a WAL never rewound holds every page written.
        const long growth = 48L << 20;
        await using var factory = new PortalFactory
        {
            Settings = new()
            {
                ["Sqlite:CheckpointIntervalMilliseconds"] = "50", ["Sqlite:RestartAfterFrames"] = "250",
                ["Sqlite:TruncateWhenIdleMilliseconds"] = "300",
            },
        };
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var wal = factory.DbPath + "-wal";
        var startSize = new FileInfo(factory.DbPath).Length;
        long largestWal = 0;
        using var sending = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sending.IsCancellationRequested)
            {
                if (File.Exists(wal)) largestWal = Math.Max(largestWal, new FileInfo(wal).Length);
                await Task.Delay(20);
            }
        });

        // Four senders, batches of 100 realistic events (one input, one new output dataset), until the database file has
        // grown by 48 MB: every new page passes through the WAL first.
        var clock = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            while (new FileInfo(factory.DbPath).Length - startSize < growth && clock.Elapsed < Patience)
            {
                using var response = await client.PostAsync("/api/v1/lineage", Batch(w));
                response.EnsureSuccessStatusCode();
            }
        })).ToArray();
        await Task.WhenAll(senders);
        sending.Cancel();
        await sampler;

        Assert.True(new FileInfo(factory.DbPath).Length - startSize >= growth, "the ingest did not grow the database in time");
        Assert.True(largestWal < growth, $"the WAL reached {largestWal:N0} bytes while the database grew by {growth:N0}: never rewound");
        // Idle: the WAL file is emptied (SQLite's own checkpoints never shrink it).
        var idle = Stopwatch.StartNew();
        while (File.Exists(wal) && new FileInfo(wal).Length > 0)
        {
            Assert.True(idle.Elapsed < Patience, $"the WAL still holds {new FileInfo(wal).Length:N0} bytes after {Patience} idle");
            await Task.Delay(50);
        }
        Assert.NotNull(factory.Get<WalCheckpointer>().Last);
    }

    private static async Task<long> PragmaAsync(Core.Data.GovernanceDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static StringContent Batch(int sender) => new(new JsonArray(Enumerable.Range(0, 100).Select(i =>
    {
        var run = Guid.NewGuid();
        return (JsonNode)new JsonObject
        {
            ["eventType"] = "COMPLETE", ["eventTime"] = DateTime.UtcNow.ToString("O"),
            ["run"] = new JsonObject { ["runId"] = run.ToString() }, ["job"] = new JsonObject { ["namespace"] = "wal", ["name"] = $"job-{sender}" },
            ["inputs"] = new JsonArray(new JsonObject { ["namespace"] = "s3://wal", ["name"] = $"table-{i % 50}" }),
            ["outputs"] = new JsonArray(new JsonObject { ["namespace"] = "s3://wal", ["name"] = $"out/{run:N}" }),
        };
    }).ToArray()).ToJsonString(), Encoding.UTF8, "application/json");
}
