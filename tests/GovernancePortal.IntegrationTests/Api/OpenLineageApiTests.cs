using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Api;

public class OpenLineageApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Producer = "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/client/python";

    private static JsonObject Facet(object props)
    {
        var o = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(props))!.AsObject();
        o["_producer"] = Producer;
        o["_schemaURL"] = "https://openlineage.io/spec/facets/1-0-0/X.json";
        return o;
    }

    private static JsonObject Event(Guid runId, string type, DateTime time, JsonArray? inputs = null, JsonArray? outputs = null) => new()
    {
        ["eventType"] = type, ["eventTime"] = time.ToString("O"), ["producer"] = Producer,
        ["schemaURL"] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        ["run"] = new JsonObject { ["runId"] = runId.ToString() },
        ["job"] = new JsonObject { ["namespace"] = "airflow", ["name"] = "train_churn" },
        ["inputs"] = inputs ?? [], ["outputs"] = outputs ?? [],
    };

    private static JsonObject Dataset(string ns, string name, string? version = null, JsonObject? extra = null)
    {
        var facets = new JsonObject();
        if (version is not null) facets["version"] = Facet(new { datasetVersion = version });
        foreach (var (k, v) in extra ?? []) facets[k] = v?.DeepClone();
        return new JsonObject { ["namespace"] = ns, ["name"] = name, ["facets"] = facets };
    }

    private async Task<HttpClient> LineageClientAsync() => (await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite, Scopes.ModelsWrite)).Client;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonNode body) =>
        client.PostAsync("/api/v1/lineage", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    [SkippableFact]
    public async Task ReferenceExamples_ValidOnesAccepted()
    {
        var dir = Path.Combine(Reference.Require("openlineage"), "examples");
        var client = await LineageClientAsync();
        foreach (var file in Directory.GetFiles(dir, "*.json").Where(f => !f.Contains("TEMPLATE")))
        {
            var response = await client.PostAsync("/api/v1/lineage", new StringContent(await File.ReadAllTextAsync(file), Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{Path.GetFileName(file)}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        // The invalid examples: OpenLineageEmitterTests (bad facets are stored with a note, a missing runId is refused).
    }

    [Fact]
    public async Task CompleteEvent_MapsRunDatasetsAndModelOutput_AndKeepsUnknownFacets()
    {
        var client = await LineageClientAsync();
        var runId = Guid.NewGuid();
        var sha = Sha.Of("churn-model-3");
        var e = Event(runId, "COMPLETE", DateTime.UtcNow,
            [Dataset("postgres://crm", "public.customers", "v42", new JsonObject { ["schema"] = Facet(new { fields = new[] { new { name = "id", type = "INT" } } }), ["acme_quality"] = Facet(new { score = 0.97 }) })],
            [Dataset("s3://models", "churn-model", null, new JsonObject { ["governancePortal_model"] = Facet(new { sha256 = sha, version = "3.0.0", framework = "lightgbm 4.3" }) })]);
        e["run"]!["facets"] = new JsonObject { ["acme_cost"] = Facet(new { dollars = 12.5 }) };

        var response = await PostAsync(client, e);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = factory.NewDb();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("airflow/train_churn", run.JobName);
        var input = await db.DatasetVersions.Include(v => v.Dataset).SingleAsync(v => v.Dataset!.Name == "public.customers");
        Assert.Equal("v42", input.Version);
        Assert.Equal("id:INT", input.SchemaSummary);
        var model = await db.ModelVersions.SingleAsync(v => v.Sha256 == sha);
        Assert.Equal("3.0.0", model.Version);
        Assert.True(await db.LineageEdges.AnyAsync(x => x.FromId == input.Id && x.ToId == runId && x.Kind == EdgeKind.Consumed));
        Assert.True(await db.LineageEdges.AnyAsync(x => x.FromId == runId && x.ToId == model.Id && x.Kind == EdgeKind.Produced));
        var stored = await db.LineageEvents.SingleAsync(x => x.RunId == runId);
        Assert.Contains("acme_quality", stored.Json);
        Assert.Contains("acme_cost", stored.Json);
    }

    [Fact]
    public async Task SameEventTwice_SecondChangesNothing()
    {
        var client = await LineageClientAsync();
        var e = Event(Guid.NewGuid(), "START", DateTime.UtcNow, [Dataset("s3://x", "idempotent.table", "1")]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, e)).StatusCode);
        // Counted by kind: the findings engine may audit what the first event raised at any moment, and that is not this request's doing.
        await using var before = factory.NewDb();
        var counts = (await before.AuditEntries.CountAsync(a => a.Action == AuditActions.OpenLineageIngested), await before.LineageEvents.CountAsync(), await before.LineageEdges.CountAsync());

        var second = await (await PostAsync(client, e)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(1, second!["duplicates"]!.GetValue<int>());
        await using var after = factory.NewDb();
        Assert.Equal(counts, (await after.AuditEntries.CountAsync(a => a.Action == AuditActions.OpenLineageIngested), await after.LineageEvents.CountAsync(), await after.LineageEdges.CountAsync()));
    }

    [Fact]
    public async Task SingleEventRequests_ShareTheirCommitsSummary_EveryEventVouchedForOnce_ChainIntact()
    {
        // The writer chains one summary per commit at BEGIN and inserts it with the rows, on both providers (ADR 0072, 0082):
        // requests sent together share commits, and between them the commits' entries count every event and request once.
        var client = await LineageClientAsync();
        var runs = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();
        var responses = await Task.WhenAll(runs.Select(r => PostAsync(client, Event(r, "START", DateTime.UtcNow, outputs: [Dataset("s3://x", $"single/{r}")]))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = factory.NewDb();
        var names = runs.Select(r => $"single/{r}").ToList();
        var keys = await db.LineageEvents.Where(e => e.RunId != null && runs.Contains(e.RunId.Value)).Select(e => e.EventKey).ToListAsync();
        var entries = (await db.AuditEntries.Where(a => a.Action == GovernancePortal.Core.Audit.AuditActions.OpenLineageIngested && keys.Contains(a.EntityId)).ToListAsync())
            .Select(a => System.Text.Json.JsonDocument.Parse(a.After!).RootElement).ToList();
        Assert.InRange(entries.Count, 1, 6);
        Assert.Equal(6, entries.Sum(e => e.GetProperty("Events").GetInt32()));
        Assert.Equal(6, entries.Sum(e => e.GetProperty("Requests").GetInt32()));
        Assert.Equal(6, entries.Sum(e => e.GetProperty("Runs").GetInt32()));
        Assert.Equal(6, await db.Datasets.CountAsync(d => names.Contains(d.Name)));
        Assert.True((await factory.Get<GovernancePortal.Core.Audit.AuditChainVerifier>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task OneRequest_ItsCommitsEntry_DigestsTheAddedKeysInStoredOrder()
    {
        // The entry vouches for exactly the events its commit added: SHA-256 over their keys, in event-time order (ADR 0082).
        var client = await LineageClientAsync();
        var run = Guid.NewGuid();
        var start = DateTime.UtcNow.AddMinutes(-5);
        var response = await PostAsync(client, new JsonArray(Event(run, "COMPLETE", start.AddMinutes(2)), Event(run, "START", start), Event(run, "RUNNING", start.AddMinutes(1))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = factory.NewDb();
        var keys = await db.LineageEvents.Where(e => e.RunId == run).OrderBy(e => e.EventTime).Select(e => e.EventKey).ToListAsync();
        Assert.Equal(3, keys.Count);
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.OpenLineageIngested && a.EntityId == keys[0]);
        var after = System.Text.Json.JsonDocument.Parse(entry.After!).RootElement;
        Assert.Equal(3, after.GetProperty("Events").GetInt32());
        Assert.Equal(1, after.GetProperty("Runs").GetInt32());
        Assert.Equal(GovernancePortal.Core.Features.Lineage.OpenLineage.OpenLineageWriter.KeysDigest(keys), after.GetProperty("EventKeysSha256").GetString());
    }

    [Fact]
    public async Task OutOfOrder_CompleteBeforeStart_RunEndsCompleted()
    {
        var client = await LineageClientAsync();
        var runId = Guid.NewGuid();
        var start = DateTime.UtcNow.AddMinutes(-10);
        await PostAsync(client, Event(runId, "COMPLETE", start.AddMinutes(5)));
        await PostAsync(client, Event(runId, "START", start));
        await PostAsync(client, Event(runId, "RUNNING", start.AddMinutes(2)));
        await using var db = factory.NewDb();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(start, run.StartedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(start.AddMinutes(5), run.EndedAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Batch_OneInvalidEvent_WholeBatchRejectedNamingIt()
    {
        var client = await LineageClientAsync();
        var good = Event(Guid.NewGuid(), "START", DateTime.UtcNow, [Dataset("s3://x", "batch.ok", "1")]);
        var bad = Event(Guid.NewGuid(), "START", DateTime.UtcNow);
        bad["run"]!["runId"] = "not-a-uuid";
        var response = await PostAsync(client, new JsonArray(good, bad));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("events[1]", await response.Content.ReadAsStringAsync());
        await using var db = factory.NewDb();
        Assert.False(await db.Datasets.AnyAsync(d => d.Name == "batch.ok"));
    }

    /// <summary>
    /// A name longer than its column is refused with its path and the limit, on both providers alike (before, SQLite kept
    /// it whole and PostgreSQL answered 500 when the commit failed); one that fits exactly is stored.
    /// </summary>
    [Fact]
    public async Task DatasetNameLongerThanStored_400NamingIt_NothingStored_ExactLimitStored()
    {
        var client = await LineageClientAsync();
        var tooLong = "long." + new string('x', 496);
        var response = await PostAsync(client, new JsonArray(Event(Guid.NewGuid(), "START", DateTime.UtcNow, [Dataset("s3://x", tooLong, "1")])));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("inputs[0].name is 501 characters long; at most 500 are stored", await response.Content.ReadAsStringAsync());
        var fits = tooLong[..500];
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, new JsonArray(Event(Guid.NewGuid(), "START", DateTime.UtcNow, [Dataset("s3://x", fits, "1")])))).StatusCode);
        await using var db = factory.NewDb();
        Assert.Equal([fits], await db.Datasets.Where(d => d.Name.StartsWith("long.")).Select(d => d.Name).ToListAsync());
    }

    [Fact]
    public async Task Batch_TenThousandEvents_AllStored()
    {
        var client = await LineageClientAsync();
        var runs = Enumerable.Range(0, 5_000).Select(_ => Guid.NewGuid()).ToList();
        var now = DateTime.UtcNow;
        var batch = new JsonArray(runs.SelectMany(r => new JsonNode[]
        {
            Event(r, "START", now),
            Event(r, "COMPLETE", now.AddSeconds(1), [Dataset("s3://bulk", "bulk.input", "1")]),
        }).ToArray());

        Assert.True(Encoding.UTF8.GetByteCount(batch.ToJsonString()) < 5 * 1024 * 1024, "the batch must fit the default body limit");
        var response = await PostAsync(client, batch);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using var db = factory.NewDb();
        Assert.Equal(10_000, await db.LineageEvents.CountAsync(e => runs.Contains(e.RunId!.Value)));
        Assert.Equal(5_000, await db.TrainingRuns.CountAsync(r => runs.Contains(r.Id) && r.Status == RunStatus.Completed));
    }

    [Fact]
    public async Task MalformedJson_400_AndOversizedBody_413()
    {
        var client = await LineageClientAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/v1/lineage", new StringContent("{not json", Encoding.UTF8, "application/json"))).StatusCode);
        var huge = new StringContent(new string(' ', 6 * 1024 * 1024), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("/api/v1/lineage", huge)).StatusCode);
    }

    [Fact]
    public async Task ModelOutput_DigestDiffersFromRegistered_409NothingStored()
    {
        var client = await LineageClientAsync();
        var model = (string sha) => Dataset("s3://models", "conflict-model", null, new JsonObject { ["governancePortal_model"] = Facet(new { sha256 = sha, version = "1.0.0" }) });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, Event(Guid.NewGuid(), "COMPLETE", DateTime.UtcNow, outputs: [model(Sha.Of("one"))]))).StatusCode);
        var second = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, Event(second, "COMPLETE", DateTime.UtcNow, outputs: [model(Sha.Of("two"))]))).StatusCode);
        await using var db = factory.NewDb();
        Assert.Null(await db.TrainingRuns.FindAsync(second));
        // The refusal is still an integrity signal for the consistency check, as on the REST path.
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ModelVersion.DigestConflict" && a.After == Sha.Of("two") && a.Before == Sha.Of("one")));
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheLineageEndpoint()
    {
        var doc = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/lineage", doc);
        Assert.Contains("/api/v1/models/{name}/versions", doc);
        Assert.Contains("\"bearer\"", doc);
    }
}

public class OpenLineageScopeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task ModelOutput_WithLineageScopeOnly_403NothingStored()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var runId = Guid.NewGuid();
        var body = """
            [{"eventType":"COMPLETE","eventTime":"2026-11-27T10:00:00Z","run":{"runId":"RUN"},"job":{"namespace":"a","name":"b"},
              "outputs":[{"namespace":"s3://m","name":"sneaky-model","facets":{"governancePortal_model":{"sha256":"SHA","version":"1"}}}]}]
            """.Replace("RUN", runId.ToString()).Replace("SHA", Sha.Of("sneaky"));
        var response = await client.PostAsync("/api/v1/lineage", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = factory.NewDb();
        Assert.False(await db.Models.AnyAsync(m => m.Name == "sneaky-model"));
    }

    [Fact]
    public async Task ExistingDatasetOwner_NotOverwrittenByAnEvent()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var body = """
            {"eventType":"START","eventTime":"2026-11-27T10:00:00Z","run":{"runId":"9d4a1b2c-0000-4000-8000-000000000001"},"job":{"namespace":"a","name":"b"},
             "inputs":[{"namespace":"s3://bank-data","name":"credit/applications","facets":{"version":{"datasetVersion":"2025-Q2"},
               "ownership":{"owners":[{"name":"mallory"}]}}}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/lineage", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        await using var db = factory.NewDb();
        Assert.Equal("seed-demo", (await db.Datasets.SingleAsync(d => d.Name == "credit/applications")).Owner);
    }
}
