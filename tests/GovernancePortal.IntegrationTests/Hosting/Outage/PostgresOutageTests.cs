using System.Net;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Hosting.Outage;

/// <summary>
/// PostgreSQL is stopped with pg_ctl while the portal runs: API calls answer 503 problem details with Retry-After,
/// pages the "cannot reach its database" page, readiness 503 and liveness 200; after pg_ctl start the same requests
/// answer 200 without restarting the portal.
/// </summary>
// PostgreSQL only: it stops a PostgreSQL server (its own cluster, started by the test); test.sh's SQLite pass leaves
// it out with Provider!=PostgresOnly. The SQLite counterpart is SqliteDiskFullTests.
[Trait(TestDatabase.Trait, "PostgresOnly")]
[Collection(nameof(PostgresOutageTests))]
public class PostgresOutageTests
{
    private sealed class OwnClusterPortal(string connectionString) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Governance", connectionString);
        }
    }

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static StringContent Event(Guid runId) => RunEvents.Complete(runId, "outage").Body();

    [Fact]
    public async Task PostgresStopped_Requests503_ThenRecoverWithoutRestart()
    {
        await using var cluster = await OwnPostgresCluster.StartNewAsync();
        // Time set: the base factory makes an empty scratch database on the shared server instead of copying the template.
        await using var factory = new OwnClusterPortal(cluster.ConnectionString) { Time = TimeProvider.System };
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read, Scopes.LineageWrite);
        var browser = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.True((await LoginClient.PostLoginAsync(browser, "risk@demo.local", PortalFactory.Password)).RedirectsTo("/"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);

        await cluster.StopAsync();

        var read = await client.GetAsync("/api/v1/models");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal("The portal cannot reach its database", (string?)problem["title"]);
        Assert.Equal(503, (int?)problem["status"]);
        Assert.Equal(TimeSpan.FromSeconds(5), read.Headers.RetryAfter!.Delta);

        var runId = Guid.NewGuid();
        var write = await client.PostAsync("/api/v1/lineage", Event(runId));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType!.MediaType);

        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("The portal cannot reach its database", await page.Content.ReadAsStringAsync());
        Assert.NotNull(page.Headers.RetryAfter);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        await cluster.StartAsync();

        // pg_ctl -w returned once the server accepts connections. The first read after the restart meets pooled
        // connections the shutdown killed; the read-retry strategy replaces them, so it answers 200 at once.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        // A write is never retried blindly, but the one refused above left nothing behind: sending it again stores it once.
        var stored = await UntilAsync(async () => (await client.PostAsync("/api/v1/lineage", Event(runId))).StatusCode == HttpStatusCode.OK);
        Assert.True(stored, "the write succeeds again after the restart");
        await using (var db = factory.NewDb()) Assert.Equal(1, await db.LineageEvents.CountAsync(e => e.RunId == runId));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.True((await factory.Get<GovernancePortal.Core.Audit.AuditChainVerifier>().VerifyAsync()).Intact);
    }

    /// <summary>Waits on a condition, bounded by <see cref="Patience"/>; never a fixed sleep standing in for it.</summary>
    private static async Task<bool> UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return false;
    }
}

/// <summary>Runs alone: it stops a server, and the machine is shared.</summary>
[CollectionDefinition(nameof(PostgresOutageTests), DisableParallelization = true)]
public class PostgresOutageCollection;
