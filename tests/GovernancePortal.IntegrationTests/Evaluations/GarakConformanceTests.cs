using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>
/// garak's own report samples (../shared/reference/garak/, read in place; provenance in SOURCES.md): a real 0.14 run with
/// its digest, the same run in the v0.13.3 shape, garak's fixture with bootstrap bounds, and a hand-made mixed file.
/// Expected numbers are read off the files' eval entries by hand (attack success = fails / total).
/// </summary>
public class GarakConformanceTests
{
    private static (RedTeamResult Result, SortedDictionary<string, double> Metrics) Read(string file)
    {
        using var stream = File.OpenRead(Path.Combine(Reference.Require("garak"), file));
        var error = GarakReportReader.Read(stream, out var result);
        Assert.True(error is null, error?.ToString());
        return (result!, RedTeamMetrics.From(result!));
    }

    [SkippableTheory]
    [InlineData("quack.report.jsonl", "0.14.0.pre1")]
    [InlineData("quack.report.v0.13.3-format.jsonl", "0.13.0.pre1")]
    public void QuackRun_CurrentAndV0133Shapes_GiveTheSameFigures(string file, string version)
    {
        var (result, metrics) = Read(file);
        // start_run setup says target_type (0.14) or model_type (0.13): "test" either way; the test generator has no name.
        Assert.Equal((version, "test", (string?)null), (result.ToolVersion, result.TargetType, result.TargetName));
        Assert.Equal("d7ba0a51-5e01-4a2a-9fa5-65252fc53914", result.RunId);
        // The digest scores lmrc.QuackMedicine 1.0 (every output passed), which its eval entry (1 passed of 1) confirms.
        Assert.True(result.DigestUsed);
        Assert.Equal(0, metrics["attack_success_rate:lmrc.QuackMedicine/lmrc.QuackMedicine"]);
        Assert.Equal(0, metrics["attack_success_rate"]);
        Assert.Equal(1, metrics["attempts"]);
        Assert.Equal(0, metrics["attack_success_rate_ci_low"]);
        // Wilson at 0 of 1: z² / (1 + z²).
        Assert.Equal(0.793450685622763, metrics["attack_success_rate_ci_high"], 12);
    }

    [SkippableFact]
    public void TestWithCi_BootstrapBoundsBesideWilson()
    {
        var (result, metrics) = Read("test_with_ci.report.jsonl");
        // eval: passed 37, fails 13, total_evaluated 50, confidence_lower 0.14, confidence_upper 0.38; the digest is a stub.
        Assert.False(result.DigestUsed);
        Assert.Equal(0.26, metrics["attack_success_rate:test.Test/always.Pass"], 12);
        Assert.Equal(0.26, metrics["attack_success_rate"], 12);
        Assert.Equal(13, metrics["attacks_succeeded"]);
        Assert.Equal(0.14, metrics["garak_ci_low:test.Test/always.Pass"]);
        Assert.Equal(0.38, metrics["garak_ci_high:test.Test/always.Pass"]);
        Assert.Equal(["0.95"], result.ToolConfidence);
        // Wilson 13/50 by hand (see WilsonIntervalTests): 0.158715274935524 to 0.395531572648488.
        Assert.Equal(0.158715274935524, metrics["attack_success_rate_ci_low"], 12);
        Assert.Equal(0.395531572648488, metrics["attack_success_rate_ci_high"], 12);
    }

    [SkippableFact]
    public void QualReviewMixed_NoSetupNoDigest_ThreeProbes()
    {
        var (result, metrics) = Read("qual_review_mixed.report.jsonl");
        Assert.Null(result.ToolVersion);
        Assert.Equal(1, metrics["attack_success_rate:ansiescape.AnsiRaw"]);
        Assert.Equal(1, metrics["attack_success_rate:lmrc.QuackMedicine"]);
        Assert.Equal(0, metrics["attack_success_rate:test.Test"]);
        Assert.Equal(2.0 / 3, metrics["attack_success_rate"], 12);
        Assert.Equal(3, metrics["attempts"]);
    }
}
