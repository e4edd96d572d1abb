using System.Text;
using GovernancePortal.Core.Features.Evaluations.Computed;

namespace GovernancePortal.UnitTests.Evaluations.Computed;

public class GiskardScanTests
{
    private static PredictionsError? Read(string json, out SortedDictionary<string, double>? metrics) =>
        GiskardScan.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), out metrics);

    [Fact]
    public void CountsIssues_BySeverity_AndByDetector()
    {
        const string report = """
            {
              "robustness": { "major": [{"description": "typos"}, {"description": "uppercase"}], "minor": [{}] },
              "performance_bias": { "medium": [{"slice": "age < 25"}] },
              "ethical_bias": { "major": [], "medium": [], "minor": [] }
            }
            """;
        Assert.Null(Read(report, out var m));
        Assert.Equal(4, m!["issues"]);
        Assert.Equal(2, m["issues:major"]);
        Assert.Equal(1, m["issues:medium"]);
        Assert.Equal(1, m["issues:minor"]);
        Assert.Equal(3, m["issues:robustness"]);
        Assert.Equal(1, m["issues:performance_bias"]);
        Assert.Equal(0, m["issues:ethical_bias"]);
    }

    [Fact]
    public void EmptyReport_IsZeroIssues()
    {
        Assert.Null(Read("{}", out var m));
        Assert.Equal(0, m!["issues"]);
        Assert.Equal(0, m["issues:major"]);
    }

    [Theory]
    [InlineData("""{"robustness": {"critical": []}}""", "$['robustness'].critical: 'critical' is not a severity")]
    [InlineData("""{"robustness": {"major": 3}}""", "$['robustness'].major is a number, not a list of issues")]
    [InlineData("""{"robustness": []}""", "$['robustness'] is an array, not an object")]
    [InlineData("""[{"robustness": {}}]""", "$ is an array")]
    [InlineData("""{"major": []}""", "is a severity, not a detector")]
    [InlineData("""{"a:b": {}}""", "may not contain")]
    public void WrongShape_NamesTheJsonPath(string json, string message)
    {
        var e = Read(json, out var m);
        Assert.Null(m);
        Assert.Contains(message, e!.Message);
    }

    [Fact]
    public void SyntaxError_NamesTheLine()
    {
        var e = Read("{\n  \"robustness\": {\n    \"major\": [,]\n  }\n}", out var m);
        Assert.Null(m);
        Assert.Equal(3, e!.Line);
    }
}
