using System.Text.Json.Nodes;
using GovernancePortal.Core.Features.Lineage.OpenLineage;

namespace GovernancePortal.UnitTests.Lineage;

/// <summary>The parts of <see cref="OpenLineageMapping.Parse"/> that ADR 0073 made cheaper: the event key and the Unicode walk.</summary>
public class OpenLineageMappingTests
{
    private const string Event = """
        {"eventType":"COMPLETE","eventTime":"2026-12-03T06:00:00Z","run":{"runId":"0b7c5a70-5f4e-4c55-9a7e-3a2f1f0c9d11","facets":{}},
         "job":{"namespace":"airflow","name":"train"},"inputs":[{"namespace":"s3://lake","name":"a","facets":{"schema":{"fields":[{"name":"x","type":"int"}]}}}]}
        """;

    private static (ParsedEvent? Event, string? Problem) Parse(string json) => OpenLineageMapping.Parse(JsonNode.Parse(json));

    [Fact]
    public void Key_IgnoresPropertyOrderAtEveryDepth_ButNotValues()
    {
        const string reordered = """
            {"inputs":[{"facets":{"schema":{"fields":[{"type":"int","name":"x"}]}},"name":"a","namespace":"s3://lake"}],
             "job":{"name":"train","namespace":"airflow"},"run":{"facets":{},"runId":"0b7c5a70-5f4e-4c55-9a7e-3a2f1f0c9d11"},
             "eventTime":"2026-12-03T06:00:00Z","eventType":"COMPLETE"}
            """;
        var key = Parse(Event).Event!.Key;
        Assert.Equal(key, Parse(reordered).Event!.Key);
        Assert.NotEqual(key, Parse(Event.Replace("\"int\"", "\"long\"")).Event!.Key);
        // Array order is data: it changes the key.
        Assert.NotEqual(key, Parse(Event.Replace("[{\"name\":\"x\",\"type\":\"int\"}]", "[{\"name\":\"x\",\"type\":\"int\"},{\"name\":\"y\"}]")).Event!.Key);
    }

    [Fact]
    public void Key_IsTheSha256OfTheCanonicalJson()
    {
        // Sorted keys, compact: the stored keys of events already ingested must not change.
        const string canonical = """{"eventTime":"2026-12-03T06:00:00Z","eventType":"COMPLETE","inputs":[{"facets":{"schema":{"fields":[{"name":"x","type":"int"}]}},"name":"a","namespace":"s3://lake"}],"job":{"name":"train","namespace":"airflow"},"run":{"facets":{},"runId":"0b7c5a70-5f4e-4c55-9a7e-3a2f1f0c9d11"}}""";
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
        Assert.Equal(expected, Parse(Event).Event!.Key);
    }

    [Theory]
    [InlineData("\"name\":\"a\"", "\"name\":\"a\\ud800\"", "$.inputs[0].name is not valid Unicode")]
    [InlineData("\"type\":\"int\"", "\"type\":\"\\udc00int\"", "$.inputs[0].facets.schema.fields[0].type is not valid Unicode")]
    [InlineData("\"facets\":{}", "\"facets\":{\"x\":[1,\"\\ud800\"]}", "$.run.facets.x[1] is not valid Unicode")]
    public void LoneSurrogate_RefusedWithItsPath(string from, string to, string problem)
    {
        var (parsed, found) = Parse(Event.Replace(from, to));
        Assert.Null(parsed);
        Assert.StartsWith(problem, found);
    }

    [Fact]
    public void PairedSurrogates_AreText()
    {
        var (parsed, problem) = Parse(Event.Replace("\"type\":\"int\"", "\"type\":\"\\ud83d\\ude00\""));
        Assert.Null(problem);
        Assert.Equal("x:\U0001F600", parsed!.Inputs[0].Schema);
    }

    // Lengths: what an event names is stored in columns of a fixed length (SQLite would keep a longer value, PostgreSQL would
    // refuse the whole commit), so the mapping decides, the same way on both: a name is refused, a facet noted.

    private static string X(int n) => new('x', n);

    [Theory]
    [InlineData("\"name\":\"a\"", 500, null)]
    [InlineData("\"name\":\"a\"", 501, "inputs[0].name is 501 characters long; at most 500 are stored")]
    [InlineData("\"namespace\":\"s3://lake\"", 501, "inputs[0].namespace is 501 characters long; at most 500 are stored")]
    [InlineData("\"name\":\"train\"", 492, null)]
    [InlineData("\"name\":\"train\"", 493, "job namespace/name is 501 characters long; at most 500 are stored")]
    public void Names_LongerThanStored_AreRefused(string from, int length, string? problem)
    {
        var field = from[..from.IndexOf(':')];
        var (parsed, found) = Parse(Event.Replace(from, $"{field}:\"{X(length)}\""));
        Assert.Equal(problem, found);
        Assert.Equal(problem is null, parsed is not null);
    }

    [Fact]
    public void Facets_LongerThanStored_AreNotedAndNotUsed()
    {
        var withFacets = Event.Replace("\"facets\":{\"schema\"", $$"""
            "facets":{"version":{"datasetVersion":"{{X(201)}}"},"ownership":{"owners":[{"name":"{{X(257)}}"}]},
            "documentation":{"description":"{{X(4001)}}"},"schema"
            """);
        var (parsed, problem) = Parse(withFacets);
        Assert.Null(problem);
        var input = parsed!.Inputs[0];
        Assert.Equal((OpenLineageMapping.Unversioned, (string?)null, (string?)null), (input.Version, input.Owner, input.Description));
        Assert.Contains(parsed.Notes, n => n.StartsWith("inputs[0].facets.version.datasetVersion is 201 characters long; at most 200 are stored"));
        Assert.Contains("inputs[0].facets.ownership.owners[0].name is 257 characters long; at most 256 are stored; not used", parsed.Notes);
        Assert.Contains("inputs[0].facets.documentation.description is 4001 characters long; at most 4000 are stored; not used", parsed.Notes);
        // At the limits they are used; only the first owner is stored, so a long second one changes nothing.
        var (fits, _) = Parse(Event.Replace("\"facets\":{\"schema\"", $$"""
            "facets":{"version":{"datasetVersion":"{{X(200)}}"},"ownership":{"owners":[{"name":"{{X(256)}}"},{"name":"{{X(900)}}"}]},
            "documentation":{"description":"{{X(4000)}}"},"schema"
            """));
        Assert.Equal((X(200), X(256), X(4000)), (fits!.Inputs[0].Version, fits.Inputs[0].Owner, fits.Inputs[0].Description));
        Assert.Empty(fits.Notes);
    }

    [Fact]
    public void WhatIsNotStored_IsNotMeasured()
    {
        // Job and run facets live only in the stored event; a JobEvent's job and a parent facet's job name no column.
        var parent = "\"facets\":{\"parent\":{\"job\":{\"namespace\":\"airflow\",\"name\":\"" + X(600) + "\"}}}";
        var jobFacets = "\"name\":\"train\",\"facets\":{\"documentation\":{\"description\":\"" + X(5000) + "\"},\"ownership\":{\"owners\":[{\"name\":\"" + X(300) + "\"}]}}}";
        var (parsed, problem) = Parse(Event.Replace("\"facets\":{}", parent).Replace("\"name\":\"train\"}", jobFacets));
        Assert.Null(problem);
        Assert.Empty(parsed!.Notes);
        var (jobEvent, jobProblem) = Parse("{\"eventTime\":\"2026-12-03T06:00:00Z\",\"job\":{\"namespace\":\"" + X(600) + "\",\"name\":\"" + X(600) + "\"}}");
        Assert.Null(jobProblem);
        Assert.Equal(EventKind.Job, jobEvent!.Kind);
    }

    [Fact]
    public void NamespaceAtTheLimit_IsStored()
    {
        var (parsed, problem) = Parse(Event.Replace("\"namespace\":\"s3://lake\"", $"\"namespace\":\"{X(500)}\""));
        Assert.Null(problem);
        Assert.Equal(X(500), parsed!.Inputs[0].Namespace);
    }

    [Fact]
    public void SchemaSummary_CutNeverSplitsASurrogatePair()
    {
        // "name:type" with the emoji's first half at index 7,998: a cut at 7,999 would keep that half alone.
        var (parsed, problem) = Parse(Event.Replace("[{\"name\":\"x\",\"type\":\"int\"}]", "[{\"name\":\"" + X(7_997) + "\",\"type\":\"\\ud83d\\ude00 padding\"}]"));
        Assert.Null(problem);
        Assert.Equal(X(7_997) + ":…", parsed!.Inputs[0].Schema);
    }

    [Theory]
    [InlineData("\"version\":\"V\"", 101, "outputs[0].facets.governancePortal_model.version is 101 characters long; at most 100 are stored")]
    [InlineData("\"framework\":\"V\"", 101, "outputs[0].facets.governancePortal_model: framework is 101 characters long; at most 100 are stored")]
    [InlineData("\"artifactUri\":\"V\"", 2001, "outputs[0].facets.governancePortal_model: artifactUri is 2001 characters long; at most 2000 are stored")]
    [InlineData("\"version\":\"V\"", 100, null)]
    public void ModelFacet_LongerThanStored_RefusesTheEvent(string field, int length, string? problem)
    {
        var facet = "{\"sha256\":\"" + new string('a', 64) + "\",\"version\":\"1\"," + field.Replace("V", X(length)) + "}";
        var model = Event.Replace("\"inputs\"", "\"outputs\":[{\"namespace\":\"models\",\"name\":\"churn\",\"facets\":{\"governancePortal_model\":" + facet + "}}],\"inputs\"").Replace("\"version\":\"1\",\"version\"", "\"version\"");
        var (parsed, found) = Parse(model);
        Assert.Equal(problem, found);
        Assert.Equal(problem is null, parsed?.Outputs.Single().Model is not null);
    }

    [Fact]
    public void ModelVersion_FromTheVersionFacet_NamesThatFacet()
    {
        string Output(int length) => Event.Replace("\"inputs\"", "\"outputs\":[{\"namespace\":\"models\",\"name\":\"churn\",\"facets\":{\"version\":{\"datasetVersion\":\"" + X(length) +
            "\"},\"governancePortal_model\":{\"sha256\":\"" + new string('a', 64) + "\"}}}],\"inputs\"");
        Assert.Equal("outputs[0].facets.version.datasetVersion is 150 characters long; at most 100 are stored for a model", Parse(Output(150)).Problem);
        Assert.Equal("outputs[0].facets.governancePortal_model: a model output needs a version (its version field or the version facet); " +
            "outputs[0].facets.version.datasetVersion is 201 characters long; at most 200 are stored; read as unversioned", Parse(Output(201)).Problem);
        Assert.Equal(X(100), Parse(Output(100)).Event!.Outputs[0].Model!.Version);
    }

    [Fact]
    public void ModelOutput_NameLongerThanAModelsName_IsRefused()
    {
        var model = Event.Replace("\"inputs\"", "\"outputs\":[{\"namespace\":\"models\",\"name\":\"" + X(201) + "\",\"facets\":{\"governancePortal_model\":{\"sha256\":\"" + new string('a', 64) + "\",\"version\":\"1\"}}}],\"inputs\"");
        Assert.Equal("outputs[0].name is 201 characters long; at most 200 are stored for a model", Parse(model).Problem);
        // The same name on an output that is not a model is a dataset's, which may be longer.
        Assert.Null(Parse(model.Replace("governancePortal_model", "other")).Problem);
    }
}
