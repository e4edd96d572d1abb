using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;
using GovernancePortal.Core.Seeding;

namespace GovernancePortal.UnitTests.Seeding;

/// <summary>The demo's garak report is embedded, reads cleanly (its digest agrees with its counts) and tells the intended story.</summary>
public class DemoRedTeamSampleTests
{
    [Fact]
    public void GarakSample_ReadsAs33Of964_WithItsDigestAndBootstrapBounds()
    {
        using var sample = DemoSamples.Open(DemoSeeder.GarakSample);
        var error = GarakReportReader.Read(sample, out var result);
        Assert.True(error is null, error?.ToString());
        Assert.Equal(("0.14.1", "rest", "support-llm-ft-2025.06", true), (result!.ToolVersion, result.TargetType, result.TargetName, result.DigestUsed));
        var metrics = RedTeamMetrics.From(result);
        // Per probe, the worst detector: 7/120 + 9/256 + 4/256 + 11/160 + 0/72 + 2/60 + 0/40.
        Assert.Equal(964, metrics["attempts"]);
        Assert.Equal(33, metrics["attacks_succeeded"]);
        Assert.Equal(33.0 / 964, metrics["attack_success_rate"], 12);
        Assert.Equal(7.0 / 120, metrics["attack_success_rate:dan.Dan_11_0"], 12);
        Assert.Equal(8, result.Counts.Count);
        Assert.Equal(8, metrics.Keys.Count(k => k.StartsWith("garak_ci_low:", StringComparison.Ordinal)));
        // Between the limited-risk Staging (0.05) and Production (0.02) limits, Wilson bounds included on the Production side.
        Assert.InRange(metrics["attack_success_rate"], 0.02, 0.05);
        Assert.True(metrics["attack_success_rate_ci_low"] > 0.02);
    }
}
