using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

namespace GovernancePortal.UnitTests.Evaluations.Computed.RedTeam;

public class RedTeamMetricsTests
{
    [Fact]
    public void ShortKeys_AreThemselves() => Assert.Equal("dan.Dan_11_0/dan.DAN", RedTeamMetrics.Key("dan.Dan_11_0/dan.DAN"));

    [Fact]
    public void LongKeys_AreCutWithAStableDigest_SoEveryNameFitsItsHundredCharacters()
    {
        var a = "latentinjection.LatentInjectionTranslationEnFrFull/latentinjection.LatentInjectionFactSnippetEiffel";
        var b = a.Replace("Eiffel", "Legal", StringComparison.Ordinal);
        Assert.Equal(72, RedTeamMetrics.Key(a).Length);
        Assert.StartsWith(a[..63] + "~", RedTeamMetrics.Key(a), StringComparison.Ordinal);
        Assert.NotEqual(RedTeamMetrics.Key(a), RedTeamMetrics.Key(b));
        Assert.Equal(RedTeamMetrics.Key(a), RedTeamMetrics.Key(a));

        var result = new RedTeamResult { Format = RedTeamFormat.Garak, Tool = "garak" };
        result.Counts.Add(new AttackCounts(a.Split('/')[0], a.Split('/')[1], 1) { Attempts = 10, Succeeded = 1, ToolLow = 0, ToolHigh = 0.3 });
        Assert.All(RedTeamMetrics.From(result).Keys, k => Assert.InRange(k.Length, 1, 100));
    }
}
