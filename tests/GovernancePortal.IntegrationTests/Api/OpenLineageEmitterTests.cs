using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>OpenLineage events as the clients and integrations actually send them (issue 10 item 7, ADR 0016).</summary>
public class OpenLineageEmitterTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<HttpClient> ClientAsync() => (await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite, Scopes.Read)).Client;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
        client.PostAsync("/api/v1/lineage", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task AssertOkAsync(HttpResponseMessage response, string what) =>
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

    [Fact]
    public async Task IssueReproduction_DataQualityMetricsWithoutColumnMetrics_AcceptedStoredVerbatimWithAVisibleNote()
    {
        var client = await ClientAsync();
        var runId = Guid.NewGuid();
        // As the Python client sends it for a Great Expectations / dbt test run: rowCount and bytes, no columnMetrics.
        var body = """
            {"eventType":"COMPLETE","eventTime":"2026-11-30T08:15:02.123456Z","producer":"https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/dbt",
             "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run":{"runId":"@0@"},"job":{"namespace":"dbt","name":"analytics.claims_quality"},
             "inputs":[{"namespace":"postgres://warehouse:5432","name":"analytics.public.claims",
               "inputFacets":{"dataQualityMetrics":{"_producer":"https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/dbt",
                 "_schemaURL":"https://openlineage.io/spec/facets/1-0-2/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet",
                 "rowCount":182734,"bytes":48211456}}}],
             "outputs":[]}
            """.Replace("@0@", (runId).ToString());

        await AssertOkAsync(await PostAsync(client, body), "reproduction");

        await using var db = factory.NewDb();
        Assert.Equal(RunStatus.Completed, (await db.TrainingRuns.SingleAsync(r => r.Id == runId)).Status);
        var stored = await db.LineageEvents.SingleAsync(e => e.RunId == runId);
        Assert.Contains("\"bytes\":48211456", stored.Json);
        Assert.Contains("inputs[0].inputFacets.dataQualityMetrics: columnMetrics is required", stored.ValidationNotes);
        Assert.True(await db.DatasetVersions.AnyAsync(v => v.Dataset!.Name == "analytics.public.claims"));

        var run = await (await ApiClient.WithScopesAsync(factory, Scopes.Read)).Client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
        var note = Assert.Single(run.GetProperty("validationNotes").EnumerateArray());
        Assert.Contains("columnMetrics is required", note.GetProperty("note").GetString());
        Assert.Equal("COMPLETE", note.GetProperty("eventType").GetString());
    }

    [SkippableFact]
    public async Task ReferenceInvalidExamples_BadFacetsStoredWithNotes_MissingRunIdRefused()
    {
        var dir = Path.Combine(Reference.Require("openlineage"), "examples", "invalid");
        var client = await ClientAsync();
        foreach (var file in Directory.GetFiles(dir, "*.json").Order())
        {
            var json = await File.ReadAllTextAsync(file);
            var response = await PostAsync(client, json);
            if (Path.GetFileName(file) == "event_no_run_id.json")
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "event");
                continue;
            }
            await AssertOkAsync(response, Path.GetFileName(file));
            await using var db = factory.NewDb();
            var key = (await db.LineageEvents.OrderByDescending(e => e.ReceivedAt).ThenByDescending(e => e.Id).FirstAsync()).ValidationNotes;
            Assert.False(string.IsNullOrEmpty(key), $"{Path.GetFileName(file)} carries no validation note");
        }
    }

    [SkippableFact]
    public async Task ReferenceFacetExamples_FromSeveralSpecVersions_AcceptedWithoutNotes()
    {
        var dir = Path.Combine(Reference.Require("openlineage"), "facet-examples");
        var runId = Guid.NewGuid();
        var e = JsonNode.Parse("""
            {"eventType":"COMPLETE","eventTime":"2026-11-30T09:00:00Z","producer":"https://example/test","run":{"runId":"@0@","facets":{}},
             "job":{"namespace":"reference","name":"facet-examples","facets":{}},
             "inputs":[{"namespace":"s3://reference","name":"in","facets":{},"inputFacets":{}}],
             "outputs":[{"namespace":"s3://reference","name":"out","facets":{},"outputFacets":{}}]}
            """.Replace("@0@", (runId).ToString()))!;
        var versions = new HashSet<string>();
        foreach (var file in Directory.GetFiles(dir, "*.json").Where(f => !f.EndsWith("example_full_event.json")))
        {
            var name = Path.GetFileName(file);
            var target = name.Contains("InputDatasetFacet") ? e["inputs"]![0]!["inputFacets"]
                : name.Contains("OutputDatasetFacet") ? e["outputs"]![0]!["outputFacets"]
                : name.Contains("DatasetFacet") ? e["inputs"]![0]!["facets"]
                : name.Contains("RunFacet") ? e["run"]!["facets"] : e["job"]!["facets"];
            foreach (var (facetName, facet) in JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject())
            {
                // Several examples share a facet name (four BaseSubset ones): each under its own key.
                var key = target!.AsObject().ContainsKey(facetName) ? $"{facetName}_{Path.GetFileNameWithoutExtension(name).Replace('.', '_')}" : facetName;
                target.AsObject()[key] = facet!.DeepClone();
                if (facet["_schemaURL"]?.GetValue<string>() is { } url && System.Text.RegularExpressions.Regex.Match(url, @"\d+-\d+-\d+") is { Success: true } v) versions.Add(v.Value);
            }
        }
        Assert.True(versions.Count >= 3, $"the examples should span spec versions: {string.Join(", ", versions)}");

        await AssertOkAsync(await PostAsync(await ClientAsync(), e.ToJsonString()), "facet examples");

        await using var db = factory.NewDb();
        Assert.Null((await db.LineageEvents.SingleAsync(x => x.RunId == runId)).ValidationNotes);
    }

    [Fact]
    public async Task NanosecondAndZonelessTimes_UnicodeNames_Accepted()
    {
        var client = await ClientAsync();
        var runId = Guid.NewGuid();
        // Java/Go clients send nanoseconds; Python's isoformat() may omit the zone.
        await AssertOkAsync(await PostAsync(client, """
            {"eventType":"START","eventTime":"2026-11-30T10:00:00.123456789Z","run":{"runId":"@0@"},"job":{"namespace":"spark://集群","name":"Kundenabwanderung_täglich"},
             "inputs":[{"namespace":"hdfs://データ","name":"клиенты/2026","facets":{"version":{"datasetVersion":"v-ünïcødé"}}}]}
            """.Replace("@0@", (runId).ToString())), "nanoseconds");
        await AssertOkAsync(await PostAsync(client, """
            {"eventType":"COMPLETE","eventTime":"2026-11-30T10:05:00.5","run":{"runId":"@0@"},"job":{"namespace":"spark://集群","name":"Kundenabwanderung_täglich"}}
            """.Replace("@0@", (runId).ToString())), "zone-less");

        await using var db = factory.NewDb();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal("spark://集群/Kundenabwanderung_täglich", run.JobName);
        // Kept to the microsecond, as every stored time on both providers (ADR 0039).
        Assert.Equal(new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234560), run.StartedAt);
        Assert.Equal(new DateTime(2026, 11, 30, 10, 5, 0, 500, DateTimeKind.Utc), run.EndedAt);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.True(await db.DatasetVersions.AnyAsync(v => v.Dataset!.Name == "клиенты/2026" && v.Version == "v-ünïcødé"));
        var notes = await db.LineageEvents.Where(e => e.RunId == runId && e.ValidationNotes != null).Select(e => e.ValidationNotes).ToListAsync();
        Assert.Contains("no time zone", Assert.Single(notes));
    }

    [Fact]
    public async Task LargeEvent_200KB_StoredVerbatim()
    {
        var client = await ClientAsync();
        var runId = Guid.NewGuid();
        // A wide table's schema facet and a long SQL text, as Spark and dbt send them.
        var fields = new JsonArray(Enumerable.Range(0, 2_500).Select(i => (JsonNode)new JsonObject { ["name"] = $"column_{i:D4}", ["type"] = "DECIMAL(38,10)", ["description"] = "measure " + i }).ToArray());
        var e = new JsonObject
        {
            ["eventType"] = "COMPLETE", ["eventTime"] = "2026-11-30T11:00:00Z", ["producer"] = "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/spark",
            ["run"] = new JsonObject { ["runId"] = runId.ToString() },
            ["job"] = new JsonObject { ["namespace"] = "spark", ["name"] = "wide_table", ["facets"] = new JsonObject { ["sql"] = new JsonObject { ["query"] = "SELECT " + string.Join(", ", Enumerable.Range(0, 2_500).Select(i => $"column_{i:D4}")) + " FROM wide" } } },
            ["outputs"] = new JsonArray(new JsonObject { ["namespace"] = "s3://lake", ["name"] = "wide", ["facets"] = new JsonObject { ["schema"] = new JsonObject { ["fields"] = fields } } }),
        };
        var json = e.ToJsonString();
        Assert.True(json.Length > 200_000, $"event is {json.Length} bytes");

        await AssertOkAsync(await PostAsync(client, json), "200 KB");

        await using var db = factory.NewDb();
        var stored = await db.LineageEvents.SingleAsync(x => x.RunId == runId);
        Assert.Equal(JsonNode.Parse(json)!.ToJsonString(), stored.Json);
        Assert.Null(stored.ValidationNotes);
    }

    [Fact]
    public async Task StaticDatasetEvent_RegistersThenFillsTheDataset_NoRun()
    {
        var client = await ClientAsync();
        var name = "static/" + Guid.NewGuid().ToString("N")[..8];
        var before = await CountRunsAsync();
        await AssertOkAsync(await PostAsync(client, """
            {"eventTime":"2026-11-30T12:00:00Z","producer":"https://github.com/OpenLineage/OpenLineage/tree/1.30.0/client/python",
             "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
             "dataset":{"namespace":"s3://catalog","name":"@0@","facets":{"version":{"datasetVersion":"2026-11"},
               "schema":{"fields":[{"name":"id","type":"BIGINT"}]}}}}
            """.Replace("@0@", (name).ToString())), "DatasetEvent");
        await AssertOkAsync(await PostAsync(client, """
            {"eventTime":"2026-11-30T12:05:00Z","producer":"p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
             "dataset":{"namespace":"s3://catalog","name":"@0@","facets":{"documentation":{"description":"Customer master data"},
               "ownership":{"owners":[{"name":"team:data-platform"}]}}}}
            """.Replace("@0@", (name).ToString())), "DatasetEvent update");

        await using var db = factory.NewDb();
        var dataset = await db.Datasets.Include(d => d.Versions).SingleAsync(d => d.Namespace == "s3://catalog" && d.Name == name);
        Assert.Equal("Customer master data", dataset.Description);
        Assert.Equal("team:data-platform", dataset.Owner);
        Assert.Contains(dataset.Versions, v => v.Version == "2026-11" && v.SchemaSummary == "id:BIGINT");
        Assert.Equal(before, await CountRunsAsync());
        Assert.Equal(2, await db.LineageEvents.CountAsync(e => e.EventType == "DatasetEvent" && e.RunId == null && e.Json.Contains(name)));
    }

    [Fact]
    public async Task StaticJobEvent_RegistersItsDeclaredDatasets_NoRun()
    {
        var client = await ClientAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var before = await CountRunsAsync();
        await AssertOkAsync(await PostAsync(client, """
            {"eventTime":"2026-11-30T12:00:00Z","producer":"https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/airflow",
             "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent",
             "job":{"namespace":"airflow","name":"nightly_@0@","facets":{"jobType":{"processingType":"BATCH","integration":"AIRFLOW","jobType":"DAG"}}},
             "inputs":[{"namespace":"postgres://crm","name":"public.accounts_@0@"}],
             "outputs":[{"namespace":"s3://lake","name":"accounts_@0@","facets":{"version":{"datasetVersion":"7"}}}]}
            """.Replace("@0@", (suffix).ToString())), "JobEvent");

        await using var db = factory.NewDb();
        Assert.True(await db.DatasetVersions.AnyAsync(v => v.Dataset!.Name == $"public.accounts_{suffix}" && v.Version == "unversioned"));
        Assert.True(await db.DatasetVersions.AnyAsync(v => v.Dataset!.Name == $"accounts_{suffix}" && v.Version == "7"));
        Assert.Equal(before, await CountRunsAsync());
        Assert.True(await db.LineageEvents.AnyAsync(e => e.EventType == "JobEvent" && e.RunId == null && e.Json.Contains(suffix)));
    }

    [Fact]
    public async Task StaticJobEvent_WithoutJobName_400()
    {
        var response = await PostAsync(await ClientAsync(), """{"eventTime":"2026-11-30T12:00:00Z","job":{"namespace":"airflow"}}""");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "event");
    }

    private async Task<int> CountRunsAsync()
    {
        await using var db = factory.NewDb();
        return await db.TrainingRuns.CountAsync();
    }
}
