using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage.OpenLineage;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Lineage;

/// <summary>
/// Two portal instances on one database receive the same OpenLineage batch at the same moment (a pipeline retrying
/// through a load balancer): each instance has its own writer, the database's unique keys let each event be stored
/// once, and both answer success (ADR 0042). Runs on both providers; on PostgreSQL the two commits really run side by side.
/// </summary>
public class TwoInstanceIngestTests : IAsyncLifetime
{
    private readonly PortalFactory first = new();
    private SecondInstance second = null!;

    public Task InitializeAsync()
    {
        first.CreateClient();
        second = new SecondInstance(first);
        second.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await first.DisposeAsync();
    }

    /// <summary>Per run a START and a COMPLETE reading one shared input and writing the run's own output dataset.</summary>
    private static JsonArray Batch(string ns, IReadOnlyList<Guid> runs, DateTime at) => new(runs.SelectMany((run, i) => new JsonNode[]
    {
        Event(run, "START", at, ns, null),
        Event(run, "COMPLETE", at.AddSeconds(1), ns, $"features.out_{i}"),
    }).ToArray());

    private static JsonObject Event(Guid run, string type, DateTime time, string ns, string? output) => new()
    {
        ["eventType"] = type, ["eventTime"] = time.ToString("O"),
        ["run"] = new JsonObject { ["runId"] = run.ToString() }, ["job"] = new JsonObject { ["namespace"] = "twin", ["name"] = "nightly" },
        ["inputs"] = new JsonArray(new JsonObject { ["namespace"] = ns, ["name"] = "transactions.raw" }),
        ["outputs"] = output is null ? new JsonArray() : new JsonArray(new JsonObject { ["namespace"] = ns, ["name"] = output }),
    };

    [Fact]
    public async Task SameBatchOnTwoInstancesAtOnce_EachEventStoredOnce_ProjectionsOnce_BothSucceed()
    {
        const int runCount = 400, events = 2 * runCount;
        // Several fresh batches, so that on one of them at least the two commits overlap however the machine schedules them.
        for (var round = 0; round < 3; round++)
        {
            var ns = $"s3://twin-{Guid.NewGuid():N}";
            var runs = Enumerable.Range(0, runCount).Select(_ => Guid.NewGuid()).ToList();
            var batch = Batch(ns, runs, DateTime.UtcNow.AddMinutes(-5));
            var a = first.Get<OpenLineageIngestor>();
            var b = second.Get<OpenLineageIngestor>();
            using var go = new ManualResetEventSlim();
            var sends = new[] { a, b }.Select(ingestor => Task.Run(() => { go.Wait(); return ingestor.IngestAsync(PortalFactory.Scientist, batch.DeepClone()); })).ToArray();
            go.Set();
            var results = await Task.WhenAll(sends);

            Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
            Assert.All(results, r => Assert.Equal(events, r.Value!.Received));
            // Every event was new to exactly one of the two instances; the other counted it as a duplicate.
            Assert.Equal(events, results.Sum(r => r.Value!.Accepted));
            Assert.Equal(events, results.Sum(r => r.Value!.Duplicates));

            await using var db = first.NewDb();
            Assert.Equal(events, await db.LineageEvents.CountAsync(e => e.RunId != null && runs.Contains(e.RunId.Value)));
            Assert.Equal(runCount, await db.TrainingRuns.CountAsync(r => runs.Contains(r.Id) && r.Status == RunStatus.Completed));
            var datasets = await db.Datasets.Where(d => d.Namespace == ns).Select(d => d.Id).ToListAsync();
            Assert.Equal(runCount + 1, datasets.Count);
            var versions = await db.DatasetVersions.Where(v => datasets.Contains(v.DatasetId)).Select(v => v.Id).ToListAsync();
            Assert.Equal(runCount + 1, versions.Count);
            Assert.Equal(runCount, await db.LineageEdges.CountAsync(e => e.Kind == EdgeKind.Consumed && versions.Contains(e.FromId) && runs.Contains(e.ToId)));
            Assert.Equal(runCount, await db.LineageEdges.CountAsync(e => e.Kind == EdgeKind.Produced && runs.Contains(e.FromId) && versions.Contains(e.ToId)));

            // The audit entries of the round vouch for each event once between them.
            var keys = (await db.LineageEvents.Where(e => e.RunId != null && runs.Contains(e.RunId.Value)).Select(e => e.EventKey).ToListAsync()).ToHashSet();
            var ingested = (await db.AuditEntries.Where(x => x.Action == AuditActions.OpenLineageIngested).Select(x => new { x.EntityId, x.After }).ToListAsync())
                .Where(x => keys.Contains(x.EntityId)).ToList();
            Assert.Equal(events, ingested.Sum(x => JsonDocument.Parse(x.After!).RootElement.GetProperty("Events").GetInt32()));
        }
        var chain = await first.Get<AuditChainVerifier>().VerifyAsync();
        Assert.True(chain.Intact, chain.Problem);
    }
}
