using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Web.Features.Evaluations;
using GovernancePortal.Web.Features.Evaluations.Charts;

namespace GovernancePortal.ComponentTests.Evaluations;

/// <summary>The evaluation page's charts print their numbers: nothing is told by colour or length alone.</summary>
public class ChartComponentTests : ComponentTestBase
{
    [Fact]
    public void GroupBars_BarsPerGroup_ThresholdLineAndSmallGroupMarked()
    {
        var figures = new ColumnFigures("gender",
            [new("F", 40, 0.3, 0.5, 0.1, 0.8, false), new("M", 12, 0.6, null, null, 0.75, true)], [new("disparate_impact_ratio ≥ 0.8: 0.8 × highest", 0.48)]);

        var cut = Ctx.Render<GroupBarsChart>(p => p.Add(c => c.Figures, figures));

        Assert.Equal(4, cut.FindAll("[data-group=F] rect.bar").Count);
        Assert.Equal(2, cut.FindAll("[data-group=M] rect.bar").Count);
        Assert.Equal("true", cut.Find("[data-group=M]").GetAttribute("data-small"));
        Assert.Contains("⚠ n=12 small", cut.Find("[data-group=M]").TextContent);
        Assert.Contains("0.30", cut.Find("[data-group=F]").TextContent);
        Assert.Single(cut.FindAll("line.threshold-line"));
        Assert.Contains("Selection-rate bound: disparate_impact_ratio ≥ 0.8: 0.8 × highest = 0.48", cut.Find(".chart-legend").TextContent);
        Assert.Contains("below the minimum size", cut.Find(".chart-legend").TextContent);
    }

    [Fact]
    public void ConfusionMatrix_PrintsCountsAndShares()
    {
        var cut = Ctx.Render<ConfusionMatrixView>(p => p.Add(c => c.Cells, new ConfusionCells(30, 10, 60, 0)));

        Assert.Contains("30", cut.Find("[data-cell=tp] .cm-count").TextContent);
        Assert.Contains("30.0", cut.Find("[data-cell=tp] .cm-share").TextContent);
        Assert.Contains("60.0", cut.Find("[data-cell=tn] .cm-share").TextContent);
        Assert.Contains("0", cut.Find("[data-cell=fn] .cm-count").TextContent);
        // The fullest cell is darkest and takes white text.
        Assert.Contains("color: #fff", cut.Find("[data-cell=tn]").GetAttribute("style"));
    }

    [Fact]
    public void ProbeRates_WhiskersWhereIntervalsExist_ValuesPrinted()
    {
        var rates = new ProbeRates(new ProbeRate("overall", 0.1, 0.05, 0.18, 100, 10),
            [new ProbeRate("dan.Dan_11_0", 0.2, 0.1, 0.35, 40, 8), new ProbeRate("encoding.InjectBase64", 0, null, null, null, null)]);

        var cut = Ctx.Render<ProbeRatesChart>(p => p.Add(c => c.Rates, rates));

        Assert.Equal(3, cut.FindAll("g.probe-row").Count);
        Assert.Single(cut.FindAll("[data-probe='dan.Dan_11_0'] g.whisker"));
        Assert.Empty(cut.FindAll("[data-probe='encoding.InjectBase64'] g.whisker"));
        Assert.Contains("8/40 attempts", cut.Find("[data-probe='dan.Dan_11_0'] .probe-value").TextContent);
        Assert.Contains("95% CI", cut.Find("[data-probe=overall] .probe-value").TextContent);
        // The axis ends at the first step above the highest interval (0.35): 50 %, not 100 %.
        var ticks = cut.FindAll("g.tick text").Select(t => t.TextContent).ToList();
        Assert.Equal("50%", ticks[^1]);
    }

    [Fact]
    public void PolicyVerdicts_OneRowPerThresholdWithThePolicysVerdict()
    {
        var rule = new ApplicableRule("High risk to Staging", RiskTier.High, Stage.Staging, 2,
            new EvidenceRequirement(EvaluationKind.Bias, null, [new("demographic_parity_difference", null, 0.1), new("disparate_impact_ratio", 0.8, null)]));

        var cut = Ctx.Render<PolicyVerdicts>(p => p.Add(c => c.Rules, [rule])
            .Add(c => c.Metrics, new Dictionary<string, double> { ["demographic_parity_difference"] = 0.14 }));

        var rows = cut.FindAll("tr.verdict-row");
        Assert.Equal(["false", "false"], rows.Select(r => r.GetAttribute("data-met")));
        Assert.Contains("Fail", rows[0].TextContent);
        Assert.Contains("0.14", rows[0].TextContent);
        Assert.Contains("Not reported", rows[1].TextContent);
        Assert.Contains("High risk to Staging", rows[0].TextContent);
    }

    [Fact]
    public void PolicyVerdicts_PatternRowPerColumn_AndReportedEvidenceUnderAComputedRuleFails()
    {
        var rule = new ApplicableRule("High risk to Production", RiskTier.High, Stage.Production, 3,
            new EvidenceRequirement(EvaluationKind.Bias, null, [new("demographic_parity_ratio:*", 0.8, null)], RequiredSource: EvaluationSource.Computed));
        var metrics = new Dictionary<string, double> { ["demographic_parity_ratio:gender"] = 0.9, ["demographic_parity_ratio:age_band"] = 0.7 };

        var computed = Ctx.Render<PolicyVerdicts>(p => p.Add(c => c.Rules, [rule]).Add(c => c.Metrics, metrics).Add(c => c.Source, EvaluationSource.Computed));
        Assert.Equal(["demographic_parity_ratio:age_band:false", "demographic_parity_ratio:gender:true"],
            computed.FindAll("tr.verdict-row").Select(r => $"{r.GetAttribute("data-metric")}:{r.GetAttribute("data-met")}"));

        var reported = Ctx.Render<PolicyVerdicts>(p => p.Add(c => c.Rules, [rule]).Add(c => c.Metrics, metrics).Add(c => c.Source, EvaluationSource.Reported));
        var source = reported.Find("tr.verdict-row[data-metric='source']");
        Assert.Equal("false", source.GetAttribute("data-met"));
        Assert.Contains("Must be computed", source.TextContent);
    }

    [Fact]
    public void SourceChip_SaysComputedOrReported()
    {
        Assert.Contains("Computed", Ctx.Render<EvaluationSourceChip>(p => p.Add(c => c.Source, EvaluationSource.Computed)).Markup);
        Assert.Contains("data-source=\"reported\"", Ctx.Render<EvaluationSourceChip>(p => p.Add(c => c.Source, EvaluationSource.Reported)).Markup);
    }
}
