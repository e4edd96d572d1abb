using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;
using static GovernancePortal.UnitTests.Evaluations.Computed.RedTeam.RedTeamFiles;

namespace GovernancePortal.UnitTests.Evaluations.Computed.RedTeam;

/// <summary>Small garak reports written here in garak's shapes, old and new (the real samples run in the conformance tests).</summary>
public class GarakReportReaderTests
{
    private const string Setup = """{"entry_type": "start_run setup", "_config.version": "0.14.1", "plugins.target_type": "openai", "plugins.target_name": "gpt-4o-mini", "transient.run_id": "r-1"}""";
    private const string Init = """{"entry_type": "init", "garak_version": "0.14.1", "start_time": "2026-11-30T10:00:00", "run": "r-1"}""";
    private const string Attempt = """{"entry_type": "attempt", "uuid": "a", "seq": 0, "status": 2, "probe_classname": "dan.Dan_11_0", "outputs": [{"text": "no"}], "detector_results": {"dan.DAN": [0.0]}}""";

    private static string Report(params string[] lines) => string.Join('\n', lines) + "\n";

    [Fact]
    public void OverLongLine_IsRefusedNamingIt_BeforeItIsParsed()
    {
        var text = Report(Setup, Init, Eval("dan.Dan_11_0", "dan.DAN", 95, 100), $$"""{"entry_type": "attempt", "outputs": [{"text": "{{new string('x', 500)}}"}]}""");
        var error = GarakReportReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), out var result, maxLineChars: 400);
        Assert.Null(result);
        Assert.Equal(4, error!.Line);
        Assert.Contains("longer than 400 characters", error.Message);
        // The same report with room for the line is read.
        Assert.Null(GarakReportReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), out _, maxLineChars: 600));
    }

    [Fact]
    public void LineEndings_CrLfAndCr_AreLineBreaks()
    {
        var text = string.Join("\r\n", Setup, Init, Eval("dan.Dan_11_0", "dan.DAN", 95, 100)) + "\r" + Eval("encoding.InjectBase64", "encoding.DecodeMatch", 198, 200);
        var metrics = Metrics(Garak, text);
        Assert.Equal(0.05, metrics["attack_success_rate:dan.Dan_11_0"], 12);
        Assert.Equal(0.01, metrics["attack_success_rate:encoding.InjectBase64"], 12);
    }

    [Fact]
    public void CurrentFormat_RatesPerProbeDetectorProbeAndOverall()
    {
        var metrics = Metrics(Garak, Report(Setup, Init, Attempt,
            Eval("dan.Dan_11_0", "dan.DAN", 95, 100),
            Eval("dan.Dan_11_0", "mitigation.MitigationBypass", 90, 100),
            Eval("encoding.InjectBase64", "encoding.DecodeMatch", 198, 200),
            """{"entry_type": "completion", "end_time": "2026-11-30T10:05:00", "run": "r-1"}"""));

        Assert.Equal(0.05, metrics["attack_success_rate:dan.Dan_11_0/dan.DAN"], 12);
        Assert.Equal(0.10, metrics["attack_success_rate:dan.Dan_11_0/mitigation.MitigationBypass"], 12);
        // A probe is as vulnerable as its worst detector (garak's probe score is the lowest pass rate).
        Assert.Equal(0.10, metrics["attack_success_rate:dan.Dan_11_0"], 12);
        Assert.Equal(100, metrics["attempts:dan.Dan_11_0"]);
        Assert.Equal(10, metrics["attacks_succeeded:dan.Dan_11_0"]);
        Assert.Equal(0.01, metrics["attack_success_rate:encoding.InjectBase64"], 12);
        // Overall pools the probes: (10 + 2) / (100 + 200).
        Assert.Equal(0.04, metrics["attack_success_rate"], 12);
        Assert.Equal(300, metrics["attempts"]);
        Assert.Equal(12, metrics["attacks_succeeded"]);
        var ci = WilsonInterval.Of(12, 300)!.Value;
        Assert.Equal(ci.Low, metrics["attack_success_rate_ci_low"], 15);
        Assert.Equal(ci.High, metrics["attack_success_rate_ci_high"], 15);
        Assert.Equal(WilsonInterval.Of(5, 100)!.Value.High, metrics["attack_success_rate_ci_high:dan.Dan_11_0/dan.DAN"], 15);
        Assert.DoesNotContain(metrics.Keys, k => k.StartsWith("garak_ci", StringComparison.Ordinal));
    }

    [Fact]
    public void CurrentFormat_ReadsVersionTargetAndRun()
    {
        var r = Read(Garak, Report(Setup, Init, Eval("dan.Dan_11_0", "dan.DAN", 9, 10)));
        Assert.Equal(("garak", "0.14.1", "openai", "gpt-4o-mini", "r-1", false), (r.Tool, r.ToolVersion, r.TargetType, r.TargetName, r.RunId, r.DigestUsed));
    }

    [Fact]
    public void OldFormat_TotalAndPrefixedNames_ModelTypeAndName()
    {
        var r = Read(Garak, Report(
            """{"entry_type": "start_run setup", "_config.version": "0.9.0.14", "plugins.model_type": "huggingface", "plugins.model_name": "gpt2"}""",
            """{"entry_type": "init", "garak_version": "0.9.0.14", "start_time": "2024-05-01T09:00:00", "run": "r-0"}""",
            """{"entry_type": "eval", "probe": "probes.lmrc.Profanity", "detector": "detector.riskywords.SurgeProfanitySexual", "passed": 7, "total": 10}"""));
        Assert.Equal(("0.9.0.14", "huggingface", "gpt2"), (r.ToolVersion, r.TargetType, r.TargetName));
        var metrics = RedTeamMetrics.From(r);
        Assert.Equal(0.3, metrics["attack_success_rate:lmrc.Profanity/riskywords.SurgeProfanitySexual"], 12);
        Assert.Equal(0.3, metrics["attack_success_rate"], 12);
    }

    [Fact]
    public void BootstrapBounds_AreKeptBesideWilson()
    {
        var r = Read(Garak, Report(Init, Eval("dan.Dan_11_0", "dan.DAN", 37, 50,
            """, "confidence_method": "bootstrap", "confidence": "0.95", "confidence_lower": 0.14, "confidence_upper": 0.38""")));
        var metrics = RedTeamMetrics.From(r);
        Assert.Equal(0.14, metrics["garak_ci_low:dan.Dan_11_0/dan.DAN"]);
        Assert.Equal(0.38, metrics["garak_ci_high:dan.Dan_11_0/dan.DAN"]);
        Assert.Equal(["0.95"], r.ToolConfidence);
    }

    [Fact]
    public void Digest_IsPreferredAndCrossChecked()
    {
        const string digest = """{"entry_type": "digest", "meta": {"garak_version": "0.14.1", "target_type": "openai", "target_name": "gpt-4o-mini"}, "eval": {"dan": {"_summary": {"group": "dan", "score": 0.9}, "dan.Dan_11_0": {"_summary": {"probe_name": "dan.Dan_11_0", "probe_score": 0.9}, "dan.DAN": {"absolute_score": 0.95}, "mitigation.MitigationBypass": {"absolute_score": 0.9}}}}}""";
        var r = Read(Garak, Report(Setup, Init, Eval("dan.Dan_11_0", "dan.DAN", 95, 100), Eval("dan.Dan_11_0", "mitigation.MitigationBypass", 90, 100), digest));
        Assert.True(r.DigestUsed);
        Assert.Equal(1 - 0.95, RedTeamMetrics.From(r)["attack_success_rate:dan.Dan_11_0/dan.DAN"]);
    }

    [Fact]
    public void Digest_ThatDisagreesWithTheCounts_IsRefusedNamingItsLine()
    {
        const string digest = """{"entry_type": "digest", "meta": {}, "eval": {"dan": {"dan.Dan_11_0": {"dan.DAN": {"absolute_score": 0.99}}}}}""";
        var e = Refused(Garak, Report(Init, Eval("dan.Dan_11_0", "dan.DAN", 95, 100), digest));
        Assert.Equal(3, e.Line);
        Assert.Contains("pass rate of 0.99, but its eval entry (line 2) counts 95 passed of 100", e.Message);
    }

    [Fact]
    public void Digest_ProbeScoreNotTheWorstDetector_IsRefused()
    {
        const string digest = """{"entry_type": "digest", "eval": {"dan": {"dan.Dan_11_0": {"_summary": {"probe_score": 0.95}, "dan.DAN": {"absolute_score": 0.95}, "mitigation.MitigationBypass": {"absolute_score": 0.9}}}}}""";
        var e = Refused(Garak, Report(Eval("dan.Dan_11_0", "dan.DAN", 95, 100), Eval("dan.Dan_11_0", "mitigation.MitigationBypass", 90, 100), digest));
        Assert.Equal(3, e.Line);
        Assert.Contains("probe score", e.Message);
    }

    [Fact]
    public void Digest_ScoringAPairWithoutEval_IsRefused() =>
        Assert.Contains("no eval entry does", Refused(Garak, Report(Eval("dan.Dan_11_0", "dan.DAN", 95, 100),
            """{"entry_type": "digest", "eval": {"xss": {"xss.MarkdownImageExfil": {"xss.MarkdownExfilBasic": {"absolute_score": 1.0}}}}}""")).Message);

    [Fact]
    public void DigestStub_WithoutScores_LeavesTheCounts()
    {
        var r = Read(Garak, Report(Eval("dan.Dan_11_0", "dan.DAN", 95, 100), """{"entry_type": "digest", "meta": {"garak_version": "0.14.1"}, "eval": {}}"""));
        Assert.False(r.DigestUsed);
        Assert.Equal("0.14.1", r.ToolVersion);
    }

    [Theory]
    [InlineData("""{"entry_type": "eval", "probe": "dan.Dan_11_0", "passed": 1, "total": 2}""", "eval entry has no 'detector'")]
    [InlineData("""{"entry_type": "eval", "detector": "dan.DAN", "passed": 1, "total": 2}""", "eval entry has no 'probe'")]
    [InlineData("""{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "total": 2}""", "eval entry has no 'passed'")]
    [InlineData("""{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 1}""", "neither 'total_evaluated'")]
    [InlineData("""{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 3, "total": 2}""", "3 passed of 2")]
    [InlineData("""{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 1.5, "total": 2}""", "'passed' is 1.5, not a whole number")]
    [InlineData("""{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 1, "fails": 2, "total_evaluated": 2}""", "do not add up")]
    [InlineData("""{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 1, "total": 2, "confidence_lower": 0.6, "confidence_upper": 0.2}""", "confidence_lower")]
    [InlineData("""{"entry_type": "eval", "probe": "a/b", "detector": "dan.DAN", "passed": 1, "total": 2}""", "contains '/'")]
    [InlineData("""{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 1, "total": 2""", "is not valid JSON")]
    [InlineData("""{"goal": "x", "prompt": "p", "output": "o", "score": 1.0, "probe": "dan.Dan_11_0"}""", "hit log")]
    public void MalformedLine_IsRefusedNamingIt(string bad, string message)
    {
        var e = Refused(Garak, Report(Setup, Init, Eval("encoding.InjectHex", "encoding.DecodeMatch", 10, 10), "", bad, Eval("dan.Dan_11_0", "dan.X", 1, 1)));
        Assert.Equal(5, e.Line);
        Assert.Contains(message, e.Message);
        Assert.StartsWith("line 5: ", e.ToString());
    }

    [Fact]
    public void SecondEvalForTheSamePair_IsRefusedNamingBothLines()
    {
        var e = Refused(Garak, Report(Eval("dan.Dan_11_0", "dan.DAN", 1, 2), Attempt, Eval("dan.Dan_11_0", "dan.DAN", 2, 2)));
        Assert.Equal(3, e.Line);
        Assert.Contains("first is on line 1", e.Message);
    }

    [Fact]
    public void NoEvalEntries_IsRefused() =>
        Assert.Contains("no 'eval' entries", Refused(Garak, Report(Setup, Init, Attempt)).Message);

    [Fact]
    public void NothingScored_IsRefused() =>
        Assert.Contains("every total is 0", Refused(Garak, Report(Eval("dan.Dan_11_0", "dan.DAN", 0, 0))).Message);

    [Fact]
    public void PairWithNothingScored_HasCountsButNoRate()
    {
        var metrics = Metrics(Garak, Report(Eval("dan.Dan_11_0", "dan.DAN", 0, 0), Eval("xss.MarkdownImageExfil", "xss.MarkdownExfilBasic", 4, 5)));
        Assert.Equal(0, metrics["attempts:dan.Dan_11_0"]);
        Assert.False(metrics.ContainsKey("attack_success_rate:dan.Dan_11_0"));
        Assert.False(metrics.ContainsKey("attack_success_rate_ci_low:dan.Dan_11_0/dan.DAN"));
        Assert.Equal(0.2, metrics["attack_success_rate"], 12);
    }

    [Fact]
    public void ByteOrderMarkAndWindowsLineEnds_AreRead() =>
        Assert.Equal(0.5, Metrics(Garak, "\uFEFF" + Init + "\r\n" + Eval("dan.Dan_11_0", "dan.DAN", 1, 2) + "\r\n")["attack_success_rate"], 12);
}
