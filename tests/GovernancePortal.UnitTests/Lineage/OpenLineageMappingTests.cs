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
}
