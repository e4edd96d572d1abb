using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Data.Sqlite;

/// <summary>The OpenLineage writer's kept SQLite connection (ADR 0079): opened once, through the interceptors, and replaced after a failure.</summary>
// SQLite only: PostgreSQL's writer rents pooled connections.
[Trait(TestDatabase.Trait, TestDatabase.SqliteOnly)]
public class KeptConnectionTests
{
    /// <summary>Counts the connections EF opens for contexts on a kept connection: the writer's opens, and only those.</summary>
    private sealed class WriterOpens : DbConnectionInterceptor
    {
        private int count;
        public int Count => Volatile.Read(ref count);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            ConnectionOpened(connection, eventData);
            return Task.CompletedTask;
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (eventData.Context is GovernanceDbContext { Kept: not null }) Interlocked.Increment(ref count);
        }
    }

    private static StringContent Event(Guid runId, string job) => RunEvents.Complete(runId, job,
        [new JsonObject { ["namespace"] = "s3://kept", ["name"] = "input" }], [new JsonObject { ["namespace"] = "s3://kept", ["name"] = $"out/{runId:N}" }]).Body();

    [Fact]
    public async Task Writer_OpensItsConnectionOnce_AndANewOneAfterAFailedCommit()
    {
        var opens = new WriterOpens();
        await using var factory = new InterceptedPortal(opens);
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var runs = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();

        foreach (var run in runs[..3])
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/lineage", Event(run, "daily"))).StatusCode);
        Assert.Equal(1, opens.Count);

        // A commit that fails inside SQLite (a trigger refuses the stored event of one job): the request fails with nothing stored.
        await TestDatabase.ExecuteAsync(factory.ConnectionString,
            "CREATE TRIGGER refuse_broken BEFORE INSERT ON LineageEvents WHEN NEW.Json LIKE '%\"broken\"%' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
        var failed = await client.PostAsync("/api/v1/lineage", Event(runs[3], "broken"));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);

        // The next commit runs on a new connection, opened through the interceptors again, and succeeds.
        foreach (var run in runs[4..])
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/lineage", Event(run, "daily"))).StatusCode);
        Assert.Equal(2, opens.Count);

        await using var db = factory.NewDb();
        var stored = await db.LineageEvents.Where(e => e.RunId != null).Select(e => e.RunId!.Value).ToListAsync();
        Assert.Equal([.. runs[..3], .. runs[4..]], stored.Where(runs.Contains).OrderBy(runs.IndexOf));
        Assert.True((await factory.Get<AuditChainVerifier>().VerifyAsync()).Intact);
    }
}
