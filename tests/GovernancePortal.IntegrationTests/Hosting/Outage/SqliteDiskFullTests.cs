using System.Net;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Hosting.Outage;

/// <summary>SQLite's disk fills up during ingest: a clear 507, nothing half-stored, no corruption, and it recovers.</summary>
// SQLite only: the fault is SQLite's own page limit on the portal's file; PostgreSQL's outage is PostgresOutageTests.
[Trait(TestDatabase.Trait, TestDatabase.SqliteOnly)]
public class SqliteDiskFullTests
{
    private static StringContent LargeEvent(Guid runId)
    {
        var e = RunEvents.Complete(runId, "disk_full");
        // Far more than the free space inside existing pages: the write must grow the file.
        e["run"]!["facets"] = new JsonObject { ["ballast"] = new JsonObject {
            ["_producer"] = "https://example.com", ["_schemaURL"] = "https://example.com/ballast.json", ["text"] = new string('x', 400_000) } };
        return e.Body();
    }

    [Fact]
    public async Task Ingest_WhenTheDiskIsFull_Answers507_StoresNothing_KeepsTheFileIntact_AndRecovers()
    {
        var disk = new FullDisk();
        await using var factory = new InterceptedPortal(disk);
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var runId = Guid.NewGuid();
        (int Events, long Head) before;
        await using (var db = factory.NewDb()) before = (await db.LineageEvents.CountAsync(), await db.AuditEntries.MaxAsync(a => a.Sequence));

        disk.Full = true;
        var refused = await client.PostAsync("/api/v1/lineage", LargeEvent(runId));
        disk.Full = false;

        Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("The portal's database is full", (string?)problem["title"]);
        Assert.Equal(507, (int?)problem["status"]);
        Assert.Contains("Nothing was stored", (string?)problem["detail"]);
        Assert.True(refused.Headers.RetryAfter is not null, "a 507 says when to try again");

        await using (var db = factory.NewDb())
        {
            Assert.False(await db.LineageEvents.AnyAsync(e => e.RunId == runId));
            // Only API usage bookkeeping may have moved: no event, no ingest audit entry.
            Assert.Equal(before.Events, await db.LineageEvents.CountAsync());
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Sequence > before.Head && a.Action == AuditActions.OpenLineageIngested));
        }
        await using (var raw = new SqliteConnection(factory.ConnectionString))
        {
            await raw.OpenAsync();
            await using var check = raw.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }
        Assert.True((await factory.Get<AuditChainVerifier>().VerifyAsync()).Intact);

        // Space is back: the same request now succeeds, without a restart.
        var accepted = await client.PostAsync("/api/v1/lineage", LargeEvent(runId));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await using (var db = factory.NewDb()) Assert.True(await db.LineageEvents.AnyAsync(e => e.RunId == runId));
    }
}
