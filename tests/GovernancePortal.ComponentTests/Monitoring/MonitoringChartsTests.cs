using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Web.Features.Monitoring;

namespace GovernancePortal.ComponentTests.Monitoring;

/// <summary>The presentational monitoring charts: what they draw from plain points and two sketches.</summary>
public class MonitoringChartsTests : ComponentTestBase
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static List<TimePoint> Series(params double[] values) => [.. values.Select((v, i) => new TimePoint(T0.AddMinutes(i), v))];

    private static ValueSketch Sketch(IEnumerable<double> values)
    {
        var s = new ValueSketch();
        foreach (var v in values) s.Add(v);
        return s;
    }

    [Fact]
    public void MetricTrend_DrawsTheSeriesBaselineAndBand_MarkingPointsOutsideTheBand()
    {
        var cut = Ctx.Render<MetricTrendChart>(p => p
            .Add(c => c.Title, "accuracy — prod").Add(c => c.Metric, "accuracy")
            .Add(c => c.Points, Series(0.91, 0.90, 0.86, 0.80))
            .Add(c => c.Baseline, 0.9).Add(c => c.BandLow, 0.85).Add(c => c.BandHigh, 0.95));

        Assert.Equal(4, cut.Find("polyline").GetAttribute("points")!.Split(' ').Length);
        Assert.Equal(4, cut.FindAll("circle.point").Count);
        var outside = cut.FindAll("circle.outside");
        Assert.Single(outside);
        Assert.Contains("accuracy 0.8 at 2026-12-02 08:03 UTC", outside[0].TextContent);
        Assert.Contains("staging 0.9", cut.Find("g.ref-line text").TextContent);
        Assert.Contains("acceptable (within tolerance): 0.85 – 0.95", cut.Find("rect.band").TextContent);
        Assert.Equal("accuracy — prod", cut.Find("figcaption").TextContent);
        Assert.Equal("accuracy — prod", cut.Find("svg").GetAttribute("aria-label"));
    }

    [Fact]
    public void MetricTrend_NoPoints_SaysSo()
    {
        var cut = Ctx.Render<MetricTrendChart>(p => p.Add(c => c.Title, "latency").Add(c => c.Metric, "latency").Add(c => c.Points, []));
        Assert.Empty(cut.FindAll("svg"));
        Assert.Contains("No observations yet.", cut.Markup);
    }

    [Fact]
    public void DriftStatistic_DrawsPsiWithItsBandsAndTheStatisticWithItsThreshold()
    {
        var cut = Ctx.Render<DriftStatisticChart>(p => p
            .Add(c => c.Title, "score — drift").Add(c => c.Psi, Series(0.02, 0.05, 0.3))
            .Add(c => c.Statistic, Series(0.01, 0.03, 0.4)).Add(c => c.StatisticName, "wasserstein").Add(c => c.StatisticThreshold, 0.1));

        Assert.Equal(["PSI", "wasserstein"], cut.FindAll("g.series").Select(g => g.GetAttribute("data-series")));
        var lines = cut.FindAll("g.ref-line text").Select(t => t.TextContent).ToList();
        Assert.Equal(["PSI moderate 0.1", "PSI major 0.25", "wasserstein drift 0.1"], lines);
    }

    [Fact]
    public void DriftStatistic_Thresholds_ComeFromTheParameter()
    {
        var cut = Ctx.Render<DriftStatisticChart>(p => p
            .Add(c => c.Title, "psi").Add(c => c.Psi, Series(0.1, 0.2)).Add(c => c.Thresholds, DriftThresholds.Default with { PsiModerate = 0.2, PsiMajor = 0.5 }));
        Assert.Equal(["PSI moderate 0.2", "PSI major 0.5"], cut.FindAll("g.ref-line text").Select(t => t.TextContent));
        Assert.Single(cut.FindAll("g.series"));
    }

    [Fact]
    public void Distribution_FewValues_OneBarPairPerValueWithShares()
    {
        var baseline = Sketch(Enumerable.Repeat(0.0, 50).Concat(Enumerable.Repeat(1.0, 30)).Concat(Enumerable.Repeat(2.0, 20)));
        var window = Sketch(Enumerable.Repeat(0.0, 30).Concat(Enumerable.Repeat(1.0, 30)).Concat(Enumerable.Repeat(2.0, 40)));
        var cut = Ctx.Render<DistributionComparisonChart>(p => p.Add(c => c.Title, "segment").Add(c => c.Baseline, baseline).Add(c => c.Window, window));

        Assert.Equal(3, cut.FindAll("g.bin").Count);
        Assert.Equal(["baseline 0: 50%", "baseline 1: 30%", "baseline 2: 20%"], cut.FindAll("rect.baseline-bar title").Select(t => t.TextContent));
        Assert.Equal(["window 0: 30%", "window 1: 30%", "window 2: 40%"], cut.FindAll("rect.window-bar title").Select(t => t.TextContent));
        Assert.Contains("one bin per value (3)", cut.Find(".chart-legend").TextContent);
    }

    [Fact]
    public void Distribution_ManyValues_UsesThePsiBinsOverBothSamples()
    {
        // 2,000 values together: Sturges gives ⌈log₂ 2000 + 1⌉ = 12 bins; the taller bar is the one with the larger share.
        var baseline = Sketch(Enumerable.Range(0, 1000).Select(i => i / 10.0));
        var window = Sketch(Enumerable.Range(0, 1000).Select(i => 50 + i / 20.0));
        var cut = Ctx.Render<DistributionComparisonChart>(p => p.Add(c => c.Title, "amount").Add(c => c.Baseline, baseline).Add(c => c.Window, window));

        Assert.Equal(12, cut.FindAll("g.bin").Count);
        Assert.Contains("Sturges' rule, 12 bins", cut.Markup);
        var first = cut.Find("g.bin[data-bin='0']");
        Assert.Contains("window 0: 0%", first.QuerySelector("rect.window-bar title")!.TextContent);
        Assert.Equal("0", first.QuerySelector("rect.window-bar")!.GetAttribute("height"));
    }

    [Fact]
    public void Distribution_EmptyWindow_SaysThereIsNothingToCompare()
    {
        var cut = Ctx.Render<DistributionComparisonChart>(p => p.Add(c => c.Title, "amount").Add(c => c.Baseline, Sketch([1, 2, 3])).Add(c => c.Window, new ValueSketch()));
        Assert.Empty(cut.FindAll("svg"));
        Assert.Contains("Not enough observations to compare yet.", cut.Markup);
    }

    [Fact]
    public void ChartFrame_MapsTheRangeOntoThePlotArea()
    {
        var f = new ChartFrame([T0, T0.AddHours(1)], [0, 10]);
        Assert.Equal(ChartFrame.Left, f.X(T0), 9);
        Assert.Equal(f.PlotRight, f.X(T0.AddHours(1)), 9);
        Assert.True(f.Y(10) < f.Y(0), "larger values are higher");
        Assert.InRange(f.Y(10), ChartFrame.Top, f.PlotBottom);
        var flat = new ChartFrame([T0], [5, 5]);
        Assert.True(flat.MaxValue > flat.MinValue, "a flat series still gets a range");
        Assert.Equal("08:00", f.Time(T0));
    }

    [Fact]
    public void ChartFrame_LabelYs_PushesCoincidingLabelsApart()
    {
        // Lines at 100 and 100 (equal thresholds) and 50: the second 100 moves to 112, the others stay.
        Assert.Equal([100, 112, 50], ChartFrame.LabelYs([100, 100, 50]));
        Assert.Equal([10, 40], ChartFrame.LabelYs([10, 40]));
    }
}
