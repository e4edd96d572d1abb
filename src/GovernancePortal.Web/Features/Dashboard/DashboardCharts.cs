using MudBlazor;

namespace GovernancePortal.Web.Features.Dashboard;

/// <summary>Chart options shared by the dashboard: counts are whole numbers, axes fit the data, and values are printed.</summary>
public static class DashboardCharts
{
    /// <summary>A bar chart of counts: the axis starts at zero, ends just above the largest bar, and steps in whole numbers.</summary>
    public static BarChartOptions Bar(int max) => new()
    {
        ShowValues = true,
        YAxisTicks = Step(max),
        YAxisSuggestedMax = Math.Max(1, max + Step(max) - max % Step(max)),
        YAxisFormat = "0",
        MaxNumYAxisTicks = 8,
    };

    /// <summary>A donut of counts with the values on the slices, coloured in the order of its labels.</summary>
    public static DonutChartOptions Donut(string[] palette) => new() { ShowValues = true, ChartPalette = palette };

    /// <summary>Critical, High, Medium, Low: red to grey, so severity reads from colour as it does everywhere else.</summary>
    public static readonly string[] SeverityPalette = ["#c62828", "#ef6c00", "#f9a825", "#9e9e9e"];

    /// <summary>Minimal, Limited, High, Prohibited: green to red, the order of <c>RiskTier</c>.</summary>
    public static readonly string[] TierPalette = ["#2e7d32", "#f9a825", "#ef6c00", "#c62828"];

    /// <summary>A tick step that gives at most about six whole-number ticks.</summary>
    public static int Step(int max) => max <= 6 ? 1 : (int)Math.Ceiling(max / 6.0);
}
