using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GovernancePortal.IntegrationTests.Monitoring;

/// <summary>Metric divergence over consecutive windows, and retention rolling minutes into hours.</summary>
public class MetricDivergenceAndRetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly PortalFactory factory;

    public MetricDivergenceAndRetentionTests() => factory = new PortalFactory { Time = clock };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static ObservationInput Metric(string id, string environment, DateTime from, double latency) =>
        new(id, new(from, from.AddMinutes(1)), Endpoint: "it-latency", Environment: Enum.Parse<Core.Domain.DeploymentEnvironment>(environment),
            Metrics: new() { ["latency_ms"] = latency });

    [Fact]
    public async Task LatencyWorseThanStaging_InThreeWindowsInARow_OpensMetricDivergence_TwoDoNot()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.DeploymentsWrite);
        var sha = (await factory.Get<ModelRegistryService>().FindVersionAsync("credit-risk-xgb", "1.1.0"))!.Sha256;
        foreach (var environment in new[] { "Staging", "Production" })
            Assert.True((await api.PostAsJsonAsync("/api/v1/deployments", new
            {
                endpoint = "it-latency", environment, modelName = "credit-risk-xgb", version = "1.1.0", sha256 = sha, use = "retail-credit-scoring",
            })).IsSuccessStatusCode);
        var now = clock.GetUtcNow().UtcDateTime;
        var ingest = factory.Get<ObservationIngest>();
        var caller = Core.Common.Caller.System("it");
        // Staging baseline 40 ms; production: two slow windows (60 ms, beyond 40 + 10 %) after a normal one: not yet diverging.
        Assert.True((await ingest.IngestAsync(caller, new([.. Enumerable.Range(0, 10).Select(m => Metric($"s{m}", "Staging", now.AddDays(-1).AddMinutes(m), 40))]))).Succeeded);
        Assert.True((await ingest.IngestAsync(caller, new([Metric("p0", "Production", now.AddMinutes(-5), 41), Metric("p1", "Production", now.AddMinutes(-4), 60),
            Metric("p2", "Production", now.AddMinutes(-3), 60)]))).Succeeded);
        var service = factory.Get<MonitoringService>();
        var endpoint = await EndpointIdAsync();
        var before = (await service.DriftAsync(PortalFactory.Compliance, endpoint)).Value!.Metrics.Single();
        Assert.Equal((40.0, "staging endpoint", 2, false), (before.Baseline.Value, before.Baseline.Source, before.WorseInARow, before.Diverging));

        // A third slow window in a row: the engine opens the finding.
        Assert.True((await ingest.IngestAsync(caller, new([Metric("p3", "Production", now.AddMinutes(-2), 58)]))).Succeeded);
        var finding = await EventuallyAsync(f => f.Rule == FindingRule.MetricDivergence && f.EntityId == endpoint && f.ResolvedAt == null);
        Assert.Contains("latency_ms", finding.Title);
        Assert.Contains("40", finding.Message);

        // A window back within tolerance breaks the run: resolved.
        Assert.True((await ingest.IngestAsync(caller, new([Metric("p4", "Production", now.AddMinutes(-1), 42)]))).Succeeded);
        await EventuallyAsync(f => f.Id == finding.Id && f.ResolvedAt != null);
    }

    [Fact]
    public async Task Retention_RollsOldMinutesIntoOneHourRow_KeepsRecentMinutes_AndAReplayAfterItsReceiptIsGoneStoresNothing()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.DeploymentsWrite, Scopes.ObservationsWrite);
        var sha = (await factory.Get<ModelRegistryService>().FindVersionAsync("credit-risk-xgb", "1.1.0"))!.Sha256;
        Assert.True((await api.PostAsJsonAsync("/api/v1/deployments", new
        {
            endpoint = "it-latency", environment = "Production", modelName = "credit-risk-xgb", version = "1.1.0", sha256 = sha,
        })).IsSuccessStatusCode);
        var start = clock.GetUtcNow().UtcDateTime;
        var old = new DateTime(start.Year, start.Month, start.Day, start.Hour, 0, 0, DateTimeKind.Utc).AddHours(-2);
        ObservationInput Old(int m) => new($"old{m}", new(old.AddMinutes(m * 20), old.AddMinutes(m * 20 + 1)),
            Endpoint: "it-latency", Environment: Core.Domain.DeploymentEnvironment.Production, Metrics: new() { ["latency_ms"] = 10 * (m + 1) },
            Samples: new() { ["score"] = [m, m + 0.5] });
        var ingest = factory.Get<ObservationIngest>();
        Assert.True((await ingest.IngestAsync(Core.Common.Caller.System("it"), new([.. Enumerable.Range(0, 3).Select(Old)]))).Succeeded);
        // Ten days later those minutes are past the minute retention; a recent minute is not.
        clock.Advance(TimeSpan.FromDays(10));
        var now = clock.GetUtcNow().UtcDateTime;
        Assert.True((await ingest.IngestAsync(Core.Common.Caller.System("it"), new([new ObservationInput("recent", new(now.AddMinutes(-1), now),
            Endpoint: "it-latency", Environment: Core.Domain.DeploymentEnvironment.Production, Samples: new() { ["score"] = [0.3] })]))).Succeeded);

        // The hosted scheduler may already have rolled them up when the fake clock advanced; either way one more pass is idempotent.
        await factory.Get<ObservationRetention>().RunAsync();
        var endpoint = await EndpointIdAsync();
        await using (var db = factory.NewDb())
        {
            var rows = await db.ObservationWindows.Where(w => w.EndpointId == endpoint).ToListAsync();
            var latency = Assert.Single(rows, r => r.Name == "latency_ms");
            Assert.Equal((WindowResolution.Hour, old, 3L, 60.0), (latency.Resolution, latency.WindowStart, latency.Count, latency.Sum));
            var hourScore = Assert.Single(rows, r => r.Name == "score" && r.Resolution == WindowResolution.Hour);
            Assert.Equal(6, ValueSketch.FromBytes(hourScore.Sketch).Count);
            Assert.Single(rows, r => r.Name == "score" && r.Resolution == WindowResolution.Minute);
            // The old receipts went with their minutes; the recent one stays.
            Assert.Equal(["recent"], await db.ObservationReceipts.Where(r => r.EndpointId == endpoint).Select(r => r.ObservationId).ToListAsync());
        }

        // The producer replays an old observation whose receipt is gone: refused on window.from, nothing stored (still idempotent).
        var replay = await api.PostAsJsonAsync("/api/v1/observations", new
        {
            observations = new[]
            {
                new { id = "old0", endpoint = "it-latency", environment = "Production", window = new { from = old, to = old.AddMinutes(1) },
                    metrics = new Dictionary<string, double> { ["latency_ms"] = 10 } },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        var problem = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("observations[0].window.from", out _), problem.ToString());
        await using (var db = factory.NewDb())
        {
            var latency = await db.ObservationWindows.SingleAsync(w => w.EndpointId == endpoint && w.Name == "latency_ms");
            Assert.Equal((3L, 60.0), (latency.Count, latency.Sum));
            Assert.False(await db.ObservationReceipts.AnyAsync(r => r.EndpointId == endpoint && r.ObservationId == "old0"));
        }
    }

    [Fact]
    public async Task Retention_RollUp_IsNotARegisterChange()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.DeploymentsWrite);
        var sha = (await factory.Get<ModelRegistryService>().FindVersionAsync("credit-risk-xgb", "1.1.0"))!.Sha256;
        Assert.True((await api.PostAsJsonAsync("/api/v1/deployments", new
        {
            endpoint = "it-latency", environment = "Production", modelName = "credit-risk-xgb", version = "1.1.0", sha256 = sha,
        })).IsSuccessStatusCode);
        var start = clock.GetUtcNow().UtcDateTime;
        Assert.True((await factory.Get<ObservationIngest>().IngestAsync(Core.Common.Caller.System("it"), new([new ObservationInput("m0",
            new(start.AddMinutes(-2), start.AddMinutes(-1)), Endpoint: "it-latency", Environment: Core.Domain.DeploymentEnvironment.Production,
            Samples: new() { ["score"] = [0.1, 0.2] })]))).Succeeded);
        var published = new List<Core.Data.RegisterChange>();
        var signal = factory.Services.GetRequiredService<Core.Data.RegisterSignal>();
        void Record(IReadOnlyList<Core.Data.RegisterChange> changes) { lock (published) published.AddRange(changes); }
        signal.Changed += Record;
        try
        {
            // Advancing the fake clock may tick the hosted scheduler too: both passes happen while listening.
            clock.Advance(TimeSpan.FromDays(10));
            await factory.Get<ObservationRetention>().RunAsync();
            await using var db = factory.NewDb();
            Assert.Equal(WindowResolution.Hour, (await db.ObservationWindows.SingleAsync(w => w.Name == "score" && w.EndpointId == db.ServingEndpoints
                .Where(e => e.Name == "it-latency" && e.Environment == Core.Domain.DeploymentEnvironment.Production).Select(e => e.Id).Single())).Resolution);
        }
        finally { signal.Changed -= Record; }
        lock (published) Assert.DoesNotContain(published, c => c.EntityType == nameof(ObservationWindow));
    }

    private async Task<Guid> EndpointIdAsync()
    {
        await using var db = factory.NewDb();
        return await db.ServingEndpoints.Where(e => e.Name == "it-latency" && e.Environment == Core.Domain.DeploymentEnvironment.Production).Select(e => e.Id).SingleAsync();
    }

    private Task<Finding> EventuallyAsync(Func<Finding, bool> match) => factory.FindingAsync(match);
}
