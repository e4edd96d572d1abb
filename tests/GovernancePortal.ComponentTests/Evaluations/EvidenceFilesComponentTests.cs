using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Web.Features.Evaluations;

namespace GovernancePortal.ComponentTests.Evaluations;

/// <summary>"How this was computed" links the kept files (ADR 0040); the red-team table groups detectors under probes.</summary>
public class EvidenceFilesComponentTests : ComponentTestBase
{
    private static readonly string Clean = new('a', 64), Perturbed = new('b', 64);

    private static EvaluationUpload Upload() => new()
    {
        Sha256 = Clean, SizeBytes = 2_500_000, FileName = "clean.csv", UploadedById = "u", UploadedByName = "scientist@demo.local",
        ParserVersion = "robustness-csv/1", ParametersJson = "{}", PerturbedSha256 = Perturbed, PerturbedSizeBytes = 900, PerturbedFileName = "noisy.csv",
    };

    [Fact]
    public void ComputedFromPanel_KeptFiles_DownloadLinkWithNameAndSize_OldFilesSayNotKept()
    {
        var id = Guid.NewGuid();
        var cut = Ctx.Render<ComputedFromPanel>(p => p.Add(c => c.Upload, Upload()).Add(c => c.EvaluationId, id)
            .Add(c => c.Files, [new EvaluationFile("clean", Clean, "clean.csv", 2_500_000, true), new EvaluationFile("perturbed", Perturbed, "noisy.csv", 900, false)]));

        var kept = cut.Find($"li.evidence-file[data-sha256='{Clean}']");
        var link = kept.QuerySelector("a.evidence-file-link")!;
        Assert.Equal($"/evaluations/{id}/files/{Clean}", link.GetAttribute("href"));
        Assert.Equal("clean.csv", link.GetAttribute("download"));
        Assert.Contains("clean.csv", link.TextContent);
        Assert.Contains("2.4 MiB (2,500,000 bytes)", kept.TextContent);

        var old = cut.Find($"li.evidence-file[data-sha256='{Perturbed}']");
        Assert.Null(old.QuerySelector("a"));
        Assert.Contains("noisy.csv", old.TextContent);
        Assert.Contains("900 bytes", old.TextContent);
        Assert.Contains("not kept", old.TextContent);
    }

    [Fact]
    public void RedTeamMetricsTable_OverallAndProbeRows_DetectorsBehindAnExpander()
    {
        var metrics = new Dictionary<string, double>
        {
            ["attack_success_rate"] = 0.05, ["attempts"] = 200, ["attacks_succeeded"] = 10,
            ["attack_success_rate_ci_low"] = 0.03, ["attack_success_rate_ci_high"] = 0.09,
            ["attack_success_rate:dan.Dan_11_0"] = 0.1, ["attempts:dan.Dan_11_0"] = 100, ["attacks_succeeded:dan.Dan_11_0"] = 10,
            ["attack_success_rate:dan.Dan_11_0/dan.DAN"] = 0.1, ["attempts:dan.Dan_11_0/dan.DAN"] = 100, ["attacks_succeeded:dan.Dan_11_0/dan.DAN"] = 10,
            ["attack_success_rate:dan.Dan_11_0/mitigation.MitigationBypass"] = 0.04,
            ["attack_success_rate:encoding.InjectBase64"] = 0, ["attempts:encoding.InjectBase64"] = 100, ["attacks_succeeded:encoding.InjectBase64"] = 0,
        };

        var cut = Ctx.Render<RedTeamMetricsTable>(p => p.Add(c => c.Metrics, metrics));

        Assert.Contains("5.00%", cut.Find("tr.redteam-overall").TextContent);
        Assert.Contains("3.00% – 9.00%", cut.Find("tr.redteam-overall").TextContent);
        Assert.Equal(["dan.Dan_11_0", "encoding.InjectBase64"], cut.FindAll("tr.redteam-probe").Select(r => r.GetAttribute("data-probe")));
        Assert.Contains("10 / 100", cut.Find("tr.redteam-probe[data-probe='dan.Dan_11_0']").TextContent);
        Assert.Contains("(2 detectors)", cut.Find("tr.redteam-probe[data-probe='dan.Dan_11_0']").TextContent);
        Assert.Empty(cut.FindAll("tr.redteam-detector"));
        // A probe without detectors has nothing to expand.
        Assert.Empty(cut.FindAll("tr.redteam-probe[data-probe='encoding.InjectBase64'] .detector-toggle"));

        cut.Find("tr.redteam-probe[data-probe='dan.Dan_11_0'] .detector-toggle").Click();

        var detectors = cut.FindAll("tr.redteam-detector");
        Assert.Equal(["dan.DAN", "mitigation.MitigationBypass"], detectors.Select(r => r.GetAttribute("data-detector")));
        Assert.Contains("4.00%", detectors[1].TextContent);

        cut.Find("tr.redteam-probe[data-probe='dan.Dan_11_0'] .detector-toggle").Click();
        Assert.Empty(cut.FindAll("tr.redteam-detector"));
    }
}
