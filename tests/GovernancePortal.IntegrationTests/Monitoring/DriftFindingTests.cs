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

/// <summary>
/// Production against staging through the engine: nobody asks for a check. A shifted production window opens the
/// finding, the drift API states the verdict, and the finding resolves once the window behaves like staging again.
/// </summary>
public class DriftFindingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly PortalFactory factory;

    public DriftFindingTests() => factory = new PortalFactory { Time = clock };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private Task<Finding> EventuallyAsync(Func<Finding, bool> match, string what) => factory.FindingAsync(match, what);

    private static object Minute(string id, string environment, DateTime from, double[] scores, double latency) => new
    {
        id, endpoint = "it-fraud", environment, window = new { from, to = from.AddMinutes(1) },
        samples = new Dictionary<string, double[]> { ["score"] = scores }, metrics = new Dictionary<string, double> { ["latency_ms"] = latency },
    };

    private static async Task SendAsync(HttpClient api, string tag, string environment, DateTime start, int minutes, double shift, Random random)
    {
        var list = Enumerable.Range(0, minutes).Select(m => Minute($"{tag}-{m}", environment, start.AddMinutes(m),
            Enumerable.Range(0, 200).Select(_ => shift + Gaussian(random)).ToArray(), 40)).ToArray();
        var response = await api.PostAsJsonAsync("/api/v1/observations", new { observations = list });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public async Task ShiftedProductionWindow_OpensTheFinding_DriftApiStatesIt_AndRecoveryResolvesIt()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.DeploymentsWrite, Scopes.ObservationsWrite, Scopes.Read);
        var sha = (await factory.Get<ModelRegistryService>().FindVersionAsync("fraud-gbt", "4.2.0"))!.Sha256;
        foreach (var environment in new[] { "Staging", "Production" })
            Assert.True((await api.PostAsJsonAsync("/api/v1/deployments", new
            {
                endpoint = "it-fraud", environment, modelName = "fraud-gbt", version = "4.2.0", sha256 = sha, use = "card-fraud-detection",
            })).IsSuccessStatusCode);
        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(7);
        await SendAsync(api, "staging", "Staging", now.AddDays(-1), 30, 0, random);
        await SendAsync(api, "shifted", "Production", now.AddMinutes(-30), 30, 1.0, random);

        var finding = await EventuallyAsync(f => f.Rule == FindingRule.ProductionDrift && f.EntityName == "it-fraud (Production)" && f.ResolvedAt == null,
            "the drift finding did not open");
        Assert.Equal(FindingSignal.ProductionDivergence, finding.Signal);
        Assert.Contains("score", finding.Title);
        Assert.Contains("statistic", finding.Message);
        Assert.Contains("PSI", finding.Message);

        await using (var db = factory.NewDb())
        {
            var id = await db.ServingEndpoints.Where(e => e.Name == "it-fraud" && e.Environment == Core.Domain.DeploymentEnvironment.Production).Select(e => e.Id).SingleAsync();
            var drift = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deployments/{id}/drift");
            Assert.True(drift.GetProperty("drift").GetBoolean());
            var score = Assert.Single(drift.GetProperty("features").EnumerateArray());
            Assert.Equal(["feature", "test", "statistic", "pValue", "psi", "drift", "baselineCount", "windowCount", "window", "threshold"],
                score.EnumerateObject().Select(p => p.Name));
            Assert.Equal("score", score.GetProperty("feature").GetString());
            Assert.Contains(score.GetProperty("test").GetString(), new[] { "ks", "chi2", "ztest", "wasserstein", "jensenshannon" });
            Assert.True(score.GetProperty("drift").GetBoolean());
            Assert.Equal(6_000, score.GetProperty("baselineCount").GetInt64());
            Assert.Equal(6_000, score.GetProperty("windowCount").GetInt64());
            Assert.True(score.GetProperty("psi").GetDouble() > 0.25);
            // The window ends with the newest production minute (now - 1 min .. now), not at the clock.
            Assert.Equal(now.AddMinutes(-60), score.GetProperty("window").GetProperty("from").GetDateTime().ToUniversalTime());
            var latency = Assert.Single(drift.GetProperty("metrics").EnumerateArray());
            Assert.False(latency.GetProperty("diverging").GetBoolean());
        }

        // Two hours later production behaves like staging again: the new window recovers and the engine resolves the finding.
        clock.Advance(TimeSpan.FromHours(2));
        // Silence is not recovery: with no newer production data a full pass keeps the finding open.
        await factory.Get<Core.Features.Findings.Engine.FindingsEngine>().EvaluateAllAsync("test");
        await using (var db = factory.NewDb())
            Assert.Null((await db.Findings.SingleAsync(f => f.Id == finding.Id)).ResolvedAt);
        await SendAsync(api, "recovered", "Production", clock.GetUtcNow().UtcDateTime.AddMinutes(-30), 30, 0, random);
        var resolved = await EventuallyAsync(f => f.Id == finding.Id && f.ResolvedAt != null, "the drift finding did not resolve");
        Assert.Equal(FindingStatus.Resolved, resolved.Status);
    }

    [Fact]
    public async Task DriftApi_UnknownDeployment_404_AndNeedsTheReadScope()
    {
        var (reader, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/deployments/{Guid.NewGuid()}/drift")).StatusCode);
        var (writer, _) = await ApiClient.WithScopesAsync(factory, Scopes.ObservationsWrite);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync($"/api/v1/deployments/{Guid.NewGuid()}/drift")).StatusCode);
    }

    [Fact]
    public async Task DemoStory_FraudProductionScoreDrift_IsOpenAfterSeeding()
    {
        var finding = await EventuallyAsync(f => f.Rule == FindingRule.ProductionDrift && f.EntityName == "fraud-scoring (Production)" && f.ResolvedAt == null,
            "the demo's drift finding did not open");
        Assert.Contains("score", finding.Title);
        await using var db = factory.NewDb();
        Assert.DoesNotContain(await db.Findings.Where(f => f.Rule == FindingRule.ProductionDrift && f.ResolvedAt == null).Select(f => f.Title).ToListAsync(),
            t => t.Contains("amount"));
    }
}
