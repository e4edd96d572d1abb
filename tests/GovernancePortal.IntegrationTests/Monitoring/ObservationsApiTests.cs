using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Monitoring;

/// <summary>POST /api/v1/observations: windows and sketches stored, replays not counted twice, bad batches store nothing.</summary>
public class ObservationsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly DateTime Minute = new(2026, 11, 30, 10, 15, 0, DateTimeKind.Utc);

    private async Task<Guid> EndpointAsync(string name = "credit-scoring-api")
    {
        await using var db = factory.NewDb();
        return await db.ServingEndpoints.Where(e => e.Name == name && e.Environment == Core.Domain.DeploymentEnvironment.Production).Select(e => e.Id).SingleAsync();
    }

    private static object Observation(string id, DateTime from, object? metrics = null, object? samples = null, object? histograms = null,
        string endpoint = "credit-scoring-api", bool labelled = false) => new
    {
        id, endpoint, environment = "Production", window = new { from, to = from.AddMinutes(1) }, metrics, samples, histograms, labelled,
    };

    private async Task<(int Windows, int Receipts)> CountsAsync(Guid endpoint)
    {
        await using var db = factory.NewDb();
        return (await db.ObservationWindows.CountAsync(w => w.EndpointId == endpoint), await db.ObservationReceipts.CountAsync(r => r.EndpointId == endpoint));
    }

    [Fact]
    public async Task Batch_FoldsSamplesAndHistogramsIntoOneSketchPerWindow_MetricsIntoSumAndCount_OneAuditEntry()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.ObservationsWrite);
        var endpoint = await EndpointAsync();
        var random = new Random(1);
        var scores = Enumerable.Range(0, 12_000).Select(_ => random.NextDouble()).ToArray();
        int Audited() { using var db = factory.NewDb(); return db.AuditEntries.Count(a => a.Action == ObservationIngest.AuditAction && a.EntityId == endpoint.ToString()); }
        var auditedBefore = Audited();
        var response = await api.PostAsJsonAsync("/api/v1/observations", new
        {
            observations = new[]
            {
                // Out of order: the later window first; 20 s into the minute still files under that minute.
                Observation("it-a-2", Minute.AddMinutes(1), metrics: new Dictionary<string, double> { ["accuracy"] = 0.80 }, labelled: true),
                Observation("it-a-1", Minute.AddSeconds(20), metrics: new Dictionary<string, double> { ["latency_ms"] = 40 },
                    samples: new Dictionary<string, double[]> { ["score"] = scores },
                    histograms: new Dictionary<string, object> { ["income"] = new { edges = new[] { 0.0, 10, 20, 50 }, counts = new long[] { 3, 4, 5 } } }),
                Observation("it-a-3", Minute, metrics: new Dictionary<string, double> { ["latency_ms"] = 60 },
                    histograms: new Dictionary<string, object> { ["score"] = new { edges = new[] { 0.0, 0.5, 1 }, counts = new long[] { 10, 30 } } }),
            },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(3, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(12_000 + 12 + 40, answer.GetProperty("samples").GetInt64());

        await using var db = factory.NewDb();
        var rows = await db.ObservationWindows.Where(w => w.EndpointId == endpoint && w.WindowStart < Minute.AddMinutes(2)).ToListAsync();
        var latency = Assert.Single(rows, r => r.Name == "latency_ms");
        Assert.Equal((Minute, 2L, 50.0), (latency.WindowStart, latency.Count, latency.Mean));
        var score = Assert.Single(rows, r => r.Name == "score");
        Assert.Equal(ObservationKind.Distribution, score.Kind);
        var sketch = ValueSketch.FromBytes(score.Sketch);
        Assert.Equal(12_040, sketch.Count);
        Assert.Equal(12_040, score.Count);
        var accuracy = Assert.Single(rows, r => r.Name == "accuracy");
        Assert.True(accuracy.Labelled);
        Assert.Equal(Minute.AddMinutes(1), accuracy.WindowStart);
        Assert.Equal(12, ValueSketch.FromBytes(Assert.Single(rows, r => r.Name == "income").Sketch).Count);
        Assert.Equal(auditedBefore + 1, Audited());
    }

    [Fact]
    public async Task Replay_OfTheSameIds_Answers200_AndCountsNothingTwice()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.ObservationsWrite);
        var endpoint = await EndpointAsync("support-assistant");
        var batch = new
        {
            observations = new[]
            {
                Observation("replay-1", Minute, endpoint: "support-assistant", samples: new Dictionary<string, double[]> { ["toxicity"] = [0.1, 0.2, 0.3] }),
                Observation("replay-1", Minute, endpoint: "support-assistant", samples: new Dictionary<string, double[]> { ["toxicity"] = [0.1, 0.2, 0.3] }),
            },
        };
        var first = await api.PostAsJsonAsync("/api/v1/observations", batch);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        var again = await api.PostAsJsonAsync("/api/v1/observations", batch);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var answer = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 2), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("duplicates").GetInt32()));

        await using var db = factory.NewDb();
        var row = await db.ObservationWindows.SingleAsync(w => w.EndpointId == endpoint && w.Name == "toxicity");
        Assert.Equal(3, row.Count);
        Assert.Equal(1, await db.ObservationReceipts.CountAsync(r => r.EndpointId == endpoint));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { """{"edges":[0,1,1],"counts":[1,2]}""", "observations[1].histograms.score.edges" },
        { """{"edges":[0,1,2],"counts":[1]}""", "observations[1].histograms.score.counts" },
        { """{"edges":[0,1,2],"counts":[1,-2]}""", "observations[1].histograms.score.counts" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedHistogram_NamesItsPath_AndNothingOfTheBatchIsStored(string histogram, string path)
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.ObservationsWrite);
        var endpoint = await EndpointAsync("propensity-batch");
        var before = await CountsAsync(endpoint);
        var json = $$$"""
            {"observations":[
              {"id":"ok-{{{Guid.NewGuid():N}}}","endpoint":"propensity-batch","environment":"Production","window":{"from":"2026-11-30T10:00:00Z","to":"2026-11-30T10:01:00Z"},"metrics":{"auc":0.8}},
              {"id":"bad-{{{Guid.NewGuid():N}}}","endpoint":"propensity-batch","environment":"Production","window":{"from":"2026-11-30T10:00:00Z","to":"2026-11-30T10:01:00Z"},"histograms":{"score":{{{histogram}}}}}
            ]}
            """;
        var response = await api.PostAsync("/api/v1/observations", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains(path, JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await CountsAsync(endpoint));
    }

    [Theory]
    [InlineData("""{"observations":[{"id":"x","endpoint":"credit-scoring-api","environment":"Production","window":{"from":"2026-11-30T10:00:00Z","to":"2026-11-30T10:01:00Z"},"samples":{"score":[0.1,"NaN"]}}]}""", "$.observations[0].samples.score[1]")]
    [InlineData("""{"observations":[{"id":"x","endpoint":"credit-scoring-api","environment":"Production","window":{"from":"2026-11-30T10:00:00Z","to":"2026-11-30T10:01:00Z"},"metrics":{"bad name!":1}}]}""", "observations[0].metrics.bad name!")]
    [InlineData("""{"observations":[{"id":"x","endpoint":"no-such-endpoint","environment":"Production","window":{"from":"2026-11-30T10:00:00Z","to":"2026-11-30T10:01:00Z"},"metrics":{"auc":1}}]}""", "observations[0].endpoint")]
    [InlineData("""{"observations":[{"id":"x","endpoint":"credit-scoring-api","environment":"Production","window":{"from":"2026-11-30T10:01:00Z","to":"2026-11-30T10:00:00Z"},"metrics":{"auc":1}}]}""", "observations[0].window.to")]
    [InlineData("""{"observations":[{"endpoint":"credit-scoring-api","environment":"Production","window":{"from":"2026-11-30T10:00:00Z","to":"2026-11-30T10:01:00Z"},"metrics":{"auc":1}}]}""", "$.observations[0]")]
    [InlineData("""{"observations":[{"id":"x","endpoint":"credit-scoring-api","environment":"Production","window":{"from":"2026-11-30T10:00:00Z","to":"2026-11-30T10:01:00Z"}}]}""", "observations[0]")]
    public async Task InvalidObservation_400_NamesTheField(string json, string path)
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.ObservationsWrite);
        var response = await api.PostAsync("/api/v1/observations", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains(JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TooManySamplesForOneName_IsRefused_TenThousandAreAccepted()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.ObservationsWrite);
        var tooMany = await api.PostAsJsonAsync("/api/v1/observations", new
        {
            observations = new[] { Observation("big-1", Minute, samples: new Dictionary<string, double[]> { ["score"] = new double[ObservationLimits.MaxSamplesPerName + 1] }) },
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("observations[0].samples.score", await tooMany.Content.ReadAsStringAsync());
        var tenThousand = await api.PostAsJsonAsync("/api/v1/observations", new
        {
            observations = new[] { Observation("big-2", Minute.AddMinutes(5), samples: new Dictionary<string, double[]> { ["score"] = Enumerable.Range(0, 10_000).Select(i => i / 10_000.0).ToArray() }) },
        });
        Assert.Equal(HttpStatusCode.Created, tenThousand.StatusCode);
    }

    [Fact]
    public async Task WithoutTheObservationsScope_403()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read, Scopes.DeploymentsWrite);
        var response = await api.PostAsJsonAsync("/api/v1/observations", new { observations = new[] { Observation("scope-1", Minute, metrics: new Dictionary<string, double> { ["auc"] = 1 }) } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ServiceLayer_RefusesACallerWithoutTheScope_EvenWithAnotherWriteScope()
    {
        var caller = Core.Common.Caller.Service("pipeline", [Scopes.DeploymentsWrite]);
        var result = await factory.Get<ObservationIngest>().IngestAsync(caller, new ObservationBatch([
            new ObservationInput("svc-1", new(Minute, Minute.AddMinutes(1)), Endpoint: "credit-scoring-api", Environment: Core.Domain.DeploymentEnvironment.Production,
                Metrics: new() { ["auc"] = 1 })]));
        Assert.IsType<Core.Common.Error.Forbidden>(result.Error);
    }
}
