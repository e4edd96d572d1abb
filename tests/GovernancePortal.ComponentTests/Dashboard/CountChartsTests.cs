using System.Globalization;
using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Web.Features.Dashboard;
using Microsoft.AspNetCore.Components;

namespace GovernancePortal.ComponentTests.Dashboard;

/// <summary>The dashboard's server-drawn charts: one mark per category, sized by its count, every count printed and labelled.</summary>
public class CountChartsTests : ComponentTestBase
{
    private IRenderedComponent<IComponent> Show(MarkupString chart) => Ctx.Render(b => b.AddContent(0, chart));

    private static double Attr(AngleSharp.Dom.IElement e, string name) => double.Parse(e.GetAttribute(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public void Bars_OneBarPerCategory_HeightProportionalToItsCount_LabelledAndValued()
    {
        var cut = Show(CountCharts.Bars("chart-stages", "Model versions by stage", "Versions",
            [("Development", 3), ("Staging", 4), ("Production", 6), ("Retired", 0)]));

        var bars = cut.FindAll("#chart-stages g.bar");
        Assert.Equal(["Development", "Staging", "Production", "Retired"], bars.Select(b => b.QuerySelector("text.category")!.TextContent));
        Assert.Equal(["3", "4", "6", "0"], bars.Select(b => b.QuerySelector("text.value")!.TextContent));
        var heights = bars.Select(b => Attr(b.QuerySelector("rect")!, "height")).ToList();
        Assert.Equal(0, heights[3]);
        Assert.Equal(heights[0] * 2, heights[2], 1); // 6 is twice 3
        Assert.Equal(heights[0] * 4 / 3, heights[1], 1);
        // Every bar stands on the same baseline.
        Assert.Single(bars.Select(b => Math.Round(Attr(b.QuerySelector("rect")!, "y") + Attr(b.QuerySelector("rect")!, "height"), 1)).Distinct());
        Assert.Equal("Model versions by stage: Development 3, Staging 4, Production 6, Retired 0",
            cut.Find("#chart-stages svg").GetAttribute("aria-label"));
        Assert.Equal("img", cut.Find("#chart-stages svg").GetAttribute("role"));
        Assert.Equal("Versions", cut.Find("#chart-stages .axis-title").TextContent);
        Assert.Equal("Versions", cut.Find("#chart-stages .chart-legend").TextContent);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(6, 1, 7)]
    [InlineData(20, 4, 24)]
    public void Bars_CountAxis_StepsInWholeNumbersToJustAboveTheLargestBar(int max, int step, int top)
    {
        var cut = Show(CountCharts.Bars("c", "t", "Versions", [("A", max)]));
        var ticks = cut.FindAll("text.tick").Select(t => int.Parse(t.TextContent)).ToList();
        Assert.Equal(Enumerable.Range(0, top / step + 1).Select(i => i * step), ticks);
        Assert.Equal(step, DashboardCharts.Step(max));
    }

    [Fact]
    public void Donut_OneSlicePerNonEmptyCategory_ArcProportionalToItsShare_LegendListsEveryCategory()
    {
        var cut = Show(CountCharts.Donut("chart-severity", "Open findings by severity", "open",
            [("Critical", 5, "#c62828"), ("High", 11, "#ef6c00"), ("Medium", 0, "#f9a825"), ("Low", 4, "#9e9e9e")]));

        var slices = cut.FindAll("#chart-severity g.slice");
        Assert.Equal(["Critical", "High", "Low"], slices.Select(s => s.GetAttribute("data-label")));
        Assert.Equal(["5", "11", "4"], slices.Select(s => s.QuerySelector("text.slice-value")!.TextContent));
        var circles = slices.Select(s => s.QuerySelector("circle")!).ToList();
        var circumference = 2 * Math.PI * Attr(circles[0], "r");
        double Dash(int i) => double.Parse(circles[i].GetAttribute("stroke-dasharray")!.Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.Equal(circumference * 5 / 20, Dash(0), 1);
        Assert.Equal(circumference * 11 / 20, Dash(1), 1);
        Assert.Equal(circumference * 4 / 20, Dash(2), 1);
        // Each slice starts where the previous one ended.
        Assert.Equal(-circumference * 16 / 20, Attr(circles[2], "stroke-dashoffset"), 1);
        Assert.Equal(["#c62828", "#ef6c00", "#9e9e9e"], circles.Select(c => c.GetAttribute("stroke")));
        Assert.Equal("20", cut.Find("#chart-severity text.total").TextContent);
        Assert.Equal(["Critical (5)", "High (11)", "Medium (0)", "Low (4)"], cut.FindAll("#chart-severity .chart-legend span").Select(s => s.TextContent));
        Assert.Contains("Open findings by severity: Critical 5, High 11, Medium 0, Low 4", cut.Find("#chart-severity svg").GetAttribute("aria-label"));
    }

    [Fact]
    public void Donut_SliceTooShortForItsCount_DrawsTheSliceWithoutTheCount_LegendStillCarriesIt()
    {
        // One finding among 300: its arc (about 2 units) cannot hold a digit, and its neighbours' counts would overlap it.
        var cut = Show(CountCharts.Donut("c", "t", "open", [("Critical", 1, "#c62828"), ("High", 299, "#ef6c00")]));

        var slices = cut.FindAll("g.slice");
        Assert.Equal(["Critical", "High"], slices.Select(s => s.GetAttribute("data-label")));
        Assert.Null(slices[0].QuerySelector("text.slice-value"));
        Assert.Equal("Critical: 1 of 300", slices[0].QuerySelector("title")!.TextContent);
        Assert.Equal("299", slices[1].QuerySelector("text.slice-value")!.TextContent);
        Assert.Contains("Critical (1)", cut.FindAll(".chart-legend span").Select(s => s.TextContent));
    }

    [Fact]
    public void Donut_Empty_DrawsNoSliceAndATotalOfZero()
    {
        var cut = Show(CountCharts.Donut("c", "t", "open", [("Critical", 0, "#c62828")]));
        Assert.Empty(cut.FindAll("g.slice"));
        Assert.Equal("0", cut.Find("text.total").TextContent);
    }

    [Fact]
    public void Labels_AreEncoded_NotMarkup()
    {
        var cut = Show(CountCharts.Bars("c", "t", "Versions", [("<b>x</b>", 1)]));
        Assert.Empty(cut.FindAll("g.bar b"));
        Assert.Equal("<b>x</b>", cut.Find("text.category").TextContent);
    }

    [Fact]
    public void EqualCharts_AreOneSharedString_SoOpenCircuitsDoNotEachKeepACopy()
    {
        var a = CountCharts.Bars("c", "t", "Versions", [("A", 1), ("B", 2)]).Value;
        var b = CountCharts.Bars("c", "t", "Versions", [("A", 1), ("B", 2)]).Value;
        var other = CountCharts.Bars("c", "t", "Versions", [("A", 1), ("B", 3)]).Value;
        Assert.Same(a, b);
        Assert.NotEqual(a, other);
    }
}
