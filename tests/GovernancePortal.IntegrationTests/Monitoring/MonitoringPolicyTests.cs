using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GovernancePortal.IntegrationTests.Monitoring;

/// <summary>
/// ADR 0041 end to end: the policy in force decides the thresholds and the drift answer names them; reference
/// distributions uploaded with the staging evaluation become the baseline; the metric lookback follows the data.
/// </summary>
public class MonitoringPolicyTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly PortalFactory factory;

    public MonitoringPolicyTests() => factory = new PortalFactory { Time = clock };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static object Minute(string endpoint, string id, string environment, DateTime from, double[] scores) => new
    {
        id, endpoint, environment, window = new { from, to = from.AddMinutes(1) }, samples = new Dictionary<string, double[]> { ["score"] = scores },
    };

    private static async Task SendAsync(HttpClient api, string endpoint, string tag, string environment, DateTime start, int minutes, double shift, Random random)
    {
        var list = Enumerable.Range(0, minutes).Select(m => Minute(endpoint, $"{tag}-{m}", environment, start.AddMinutes(m),
            Enumerable.Range(0, 200).Select(_ => shift + Gaussian(random)).ToArray())).ToArray();
        var response = await api.PostAsJsonAsync("/api/v1/observations", new { observations = list });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A staging and a production endpoint of fraud-gbt 4.2.0 for the (High risk) card fraud use, and the production endpoint's id.</summary>
    private async Task<(HttpClient Api, Guid Production, Guid VersionId)> DeployAsync(string endpoint)
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.DeploymentsWrite, Scopes.ObservationsWrite, Scopes.EvaluationsWrite, Scopes.Read);
        var version = (await factory.Get<ModelRegistryService>().FindVersionAsync("fraud-gbt", "4.2.0"))!;
        foreach (var environment in new[] { "Staging", "Production" })
            Assert.True((await api.PostAsJsonAsync("/api/v1/deployments", new
            {
                endpoint, environment, modelName = "fraud-gbt", version = "4.2.0", sha256 = version.Sha256, use = "card-fraud-detection",
            })).IsSuccessStatusCode);
        await using var db = factory.NewDb();
        var id = await db.ServingEndpoints.Where(e => e.Name == endpoint && e.Environment == DeploymentEnvironment.Production).Select(e => e.Id).SingleAsync();
        return (api, id, version.Id);
    }

    private static JsonElement Score(JsonElement drift) => Assert.Single(drift.GetProperty("features").EnumerateArray(), f => f.GetProperty("feature").GetString() == "score");

    [Fact]
    public async Task PolicyInForce_DecidesTheThreshold_AndTheDriftAnswerNamesPolicyVersionAndPath()
    {
        var (api, production, _) = await DeployAsync("it-policy");
        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(11);
        await SendAsync(api, "it-policy", "staging", "Staging", now.AddDays(-1), 30, 0, random);
        // A 0.3 sd shift: a normalised Wasserstein distance of about 0.3 on 6,000 vs 6,000 values.
        await SendAsync(api, "it-policy", "shifted", "Production", now.AddMinutes(-30), 30, 0.3, random);

        PromotionPolicy shipped;
        await using (var db = factory.NewDb())
            shipped = await db.PromotionPolicies.Where(p => p.RiskTier == RiskTier.High && p.TargetStage == Stage.Production).OrderByDescending(p => p.Version).FirstAsync();
        var drift = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deployments/{production}/drift");
        var score = Score(drift);
        Assert.Equal("wasserstein", score.GetProperty("test").GetString());
        Assert.True(score.GetProperty("drift").GetBoolean(), score.ToString());
        Assert.Equal(0.2, score.GetProperty("threshold").GetProperty("value").GetDouble());
        Assert.Equal("monitoring.features.score.wasserstein", score.GetProperty("threshold").GetProperty("path").GetString());
        Assert.Contains($"version {shipped.Version}", score.GetProperty("threshold").GetProperty("source").GetString());
        Assert.Equal(shipped.Version, drift.GetProperty("policy").GetProperty("version").GetInt32());

        // An admin raises the score's threshold in a new policy version: the same data no longer drifts, and the answer says why.
        var definition = PolicyYaml.Parse(shipped.Yaml).Value!;
        var features = new Dictionary<string, DriftOverrides>(definition.Monitoring!.Features) { ["score"] = new(Wasserstein: 0.5) };
        var saved = await factory.Get<PolicyService>().SaveAsync(PortalFactory.Admin,
            PolicyYaml.Write(definition with { Monitoring = definition.Monitoring with { Features = features } }), "score threshold 0.5");
        Assert.True(saved.Succeeded, saved.Error?.Message);
        drift = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deployments/{production}/drift");
        score = Score(drift);
        Assert.False(score.GetProperty("drift").GetBoolean(), score.ToString());
        Assert.Equal(0.5, score.GetProperty("threshold").GetProperty("value").GetDouble());
        Assert.Contains($"version {saved.Value!.Version}", score.GetProperty("threshold").GetProperty("source").GetString());
    }

    [Fact]
    public async Task ReferenceDistributions_UploadedWithTheStagingEvaluation_AreTheBaseline()
    {
        var (api, production, versionId) = await DeployAsync("it-reference");
        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(5);
        await SendAsync(api, "it-reference", "staging", "Staging", now.AddDays(-1), 30, 0, random);
        await SendAsync(api, "it-reference", "production", "Production", now.AddMinutes(-30), 30, 0, random);
        var before = Score(await api.GetFromJsonAsync<JsonElement>($"/api/v1/deployments/{production}/drift"));
        Assert.False(before.GetProperty("drift").GetBoolean(), before.ToString());
        Assert.Equal(6_000, before.GetProperty("baselineCount").GetInt64());

        var evaluation = await factory.Get<EvaluationService>().RegisterAsync(PortalFactory.Scientist, new RegisterEvaluation(versionId, EvaluationKind.Performance,
            DeploymentEnvironment.Staging, null, new Dictionary<string, double> { ["accuracy"] = 0.93 }, true, null, now.AddHours(-2)));
        Assert.True(evaluation.Succeeded, evaluation.Error?.Message);
        // The evaluation dataset's scores sat a full standard deviation higher than staging traffic shows.
        var reference = Enumerable.Range(0, 2_000).Select(_ => 1 + Gaussian(random)).ToArray();
        var upload = await api.PutAsJsonAsync($"/api/v1/evaluations/{evaluation.Value}/reference-distributions",
            new { samples = new Dictionary<string, double[]> { ["score"] = reference } });
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(2_000, (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("distributions")[0].GetProperty("count").GetInt64());

        var drift = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deployments/{production}/drift");
        Assert.Equal(evaluation.Value, drift.GetProperty("baseline").GetProperty("referenceEvaluationId").GetGuid());
        var score = Score(drift);
        Assert.Equal(2_000, score.GetProperty("baselineCount").GetInt64());
        Assert.True(score.GetProperty("drift").GetBoolean(), score.ToString());
        await using var db = factory.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == ReferenceDistributionService.AuditAction && a.EntityId == evaluation.Value.ToString()));
    }

    [Fact]
    public async Task ReferenceUpload_BadInput_NamesTheField_AndStoresNothing()
    {
        var (api, _, versionId) = await DeployAsync("it-reference-bad");
        var now = clock.GetUtcNow().UtcDateTime;
        var production = await factory.Get<EvaluationService>().RegisterAsync(PortalFactory.Scientist, new RegisterEvaluation(versionId, EvaluationKind.Performance,
            DeploymentEnvironment.Production, null, new Dictionary<string, double> { ["accuracy"] = 0.9 }, true, null, now.AddHours(-1)));
        var staging = await factory.Get<EvaluationService>().RegisterAsync(PortalFactory.Scientist, new RegisterEvaluation(versionId, EvaluationKind.Performance,
            DeploymentEnvironment.Staging, null, new Dictionary<string, double> { ["accuracy"] = 0.9 }, true, null, now.AddHours(-1)));

        async Task<JsonElement> Refused(Guid id, object body, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var response = await api.PutAsJsonAsync($"/api/v1/evaluations/{id}/reference-distributions", body);
            Assert.Equal(status, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var wrongEnvironment = await Refused(production.Value, new { samples = new Dictionary<string, double[]> { ["score"] = [0.1, 0.2] } });
        Assert.True(wrongEnvironment.GetProperty("errors").TryGetProperty("evaluationId", out _), wrongEnvironment.ToString());
        var empty = await Refused(staging.Value, new { samples = new Dictionary<string, double[]> { ["score"] = [] } });
        Assert.True(empty.GetProperty("errors").TryGetProperty("samples.score", out _), empty.ToString());
        var bins = await Refused(staging.Value, new { histograms = new Dictionary<string, object> { ["score"] = new { edges = new[] { 0.0, 1, 1 }, counts = new[] { 1, 2 } } } });
        Assert.True(bins.GetProperty("errors").TryGetProperty("histograms.score.edges", out _), bins.ToString());
        await Refused(Guid.NewGuid(), new { samples = new Dictionary<string, double[]> { ["score"] = [0.1] } }, HttpStatusCode.NotFound);
        await using var db = factory.NewDb();
        Assert.False(await db.ReferenceDistributions.AnyAsync());
    }

    [Fact]
    public async Task ReferenceUpload_WrongScopeOrNoToken_IsRefusedAsProblem_AndStoresNothing()
    {
        var (_, _, versionId) = await DeployAsync("it-reference-auth");
        var staging = await factory.Get<EvaluationService>().RegisterAsync(PortalFactory.Scientist, new RegisterEvaluation(versionId, EvaluationKind.Performance,
            DeploymentEnvironment.Staging, null, new Dictionary<string, double> { ["accuracy"] = 0.9 }, true, null, clock.GetUtcNow().UtcDateTime.AddHours(-1)));
        var url = $"/api/v1/evaluations/{staging.Value}/reference-distributions";
        var body = new { samples = new Dictionary<string, double[]> { ["score"] = [0.1, 0.2, 0.3] } };

        // Every scope but the one the upload needs (evaluations:write).
        var (wrongScope, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read, Scopes.ObservationsWrite, Scopes.DeploymentsWrite);
        await ProblemAssert.IsProblemAsync(await wrongScope.PutAsJsonAsync(url, body), HttpStatusCode.Forbidden);
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        await ProblemAssert.IsProblemAsync(await anonymous.PutAsJsonAsync(url, body), HttpStatusCode.Unauthorized);

        await using var db = factory.NewDb();
        Assert.False(await db.ReferenceDistributions.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == ReferenceDistributionService.AuditAction));
    }

    [Fact]
    public async Task MetricLookback_EndsAtTheNewestMetricWindow_NotTheClock()
    {
        var (api, production, _) = await DeployAsync("it-lookback");
        var now = clock.GetUtcNow().UtcDateTime;
        var ingest = factory.Get<ObservationIngest>();
        var caller = Core.Common.Caller.System("it");
        ObservationInput Metric(string id, DeploymentEnvironment environment, DateTime from, double latency) =>
            new(id, new(from, from.AddMinutes(1)), Endpoint: "it-lookback", Environment: environment, Metrics: new() { ["latency_ms"] = latency });
        Assert.True((await ingest.IngestAsync(caller, new([.. Enumerable.Range(0, 10).Select(m => Metric($"s{m}", DeploymentEnvironment.Staging, now.AddDays(-1).AddMinutes(m), 40))]))).Succeeded);
        // Five slow windows (the shipped High policy: tolerance 10 %, 3 windows in a row): diverging.
        Assert.True((await ingest.IngestAsync(caller, new([.. Enumerable.Range(0, 5).Select(m => Metric($"p{m}", DeploymentEnvironment.Production, now.AddMinutes(-6 + m), 80))]))).Succeeded);
        var service = factory.Get<MonitoringService>();
        var first = (await service.DriftAsync(PortalFactory.Compliance, production)).Value!.Metrics.Single();
        Assert.True(first.Diverging);
        Assert.Equal("monitoring", first.Origin.Path);

        // Two days without new metric windows: the verdict stands on the last data (silence is not recovery).
        clock.Advance(TimeSpan.FromDays(2));
        var later = (await service.DriftAsync(PortalFactory.Compliance, production)).Value!.Metrics.Single();
        Assert.True(later.Diverging);
        Assert.Equal(5, later.WorseInARow);
    }
}
