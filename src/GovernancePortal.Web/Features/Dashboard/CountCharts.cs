using System.Text;
using GovernancePortal.Web.Components.Shared;
using GovernancePortal.Web.Features.Monitoring;
using Microsoft.AspNetCore.Components;
using static System.Net.WebUtility;

namespace GovernancePortal.Web.Features.Dashboard;

/// <summary>
/// The dashboard's charts of counts as one SVG string each (ADR 0056): an open circuit keeps every component it rendered
/// with two render-tree buffers, and a MudChart is dozens of them; a MarkupString is one frame, and equal charts are
/// one shared string (<see cref="SharedMarkup"/>). Colours of text and lines come from the theme's CSS variables
/// (portal.css, <c>.count-chart</c>), so dark mode still applies. Every value is printed, not only drawn.
/// </summary>
public static class CountCharts
{
    private const int Width = 480, Height = 260, Left = 44, Right = 12, Top = 18, Bottom = 34;

    /// <summary>A column per category with its count above it, a whole-number axis from zero, and the series' name.</summary>
    public static MarkupString Bars(string id, string title, string series, IReadOnlyList<(string Label, int Count)> bars)
    {
        var max = bars.Select(b => b.Count).DefaultIfEmpty().Max();
        var step = DashboardCharts.Step(max);
        var axisMax = Math.Max(1, max + step - max % step); // just above the largest bar, as MudChart's suggested maximum did
        double plotHeight = Height - Top - Bottom, plotWidth = Width - Left - Right;
        double Y(int v) => Top + plotHeight * (1 - (double)v / axisMax);
        var svg = Open(id, "count-chart count-bars", title, string.Join(", ", bars.Select(b => $"{b.Label} {b.Count}")));
        for (var tick = 0; tick <= axisMax; tick += step)
            svg.Append($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(Y(tick))}\" y2=\"{N(Y(tick))}\"/>")
               .Append($"<text class=\"tick\" x=\"{Left - 6}\" y=\"{N(Y(tick) + 4)}\" text-anchor=\"end\">{tick}</text>");
        svg.Append($"<text class=\"axis-title\" transform=\"translate(12 {N(Top + plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{HtmlEncode(series)}</text>");
        var band = plotWidth / Math.Max(1, bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, count) = bars[i];
            var (x, w) = (Left + band * i + band * 0.25, band * 0.5);
            svg.Append($"<g class=\"bar\" data-label=\"{HtmlEncode(label)}\" data-count=\"{count}\">")
               .Append($"<rect x=\"{N(x)}\" y=\"{N(Y(count))}\" width=\"{N(w)}\" height=\"{N(Y(0) - Y(count))}\"><title>{HtmlEncode(label)}: {count}</title></rect>")
               .Append($"<text class=\"value\" x=\"{N(x + w / 2)}\" y=\"{N(Y(count) - 5)}\" text-anchor=\"middle\">{count}</text>")
               .Append($"<text class=\"category\" x=\"{N(x + w / 2)}\" y=\"{N(Y(0) + 18)}\" text-anchor=\"middle\">{HtmlEncode(label)}</text></g>");
        }
        svg.Append($"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(Y(0))}\" y2=\"{N(Y(0))}\"/></svg>");
        return Close(svg, [(series, null)]);
    }

    /// <summary>
    /// A ring of slices in the order of <paramref name="slices"/>, each slice's count on it, the total in the middle and a legend "Label (count)" that includes empty categories.
    /// </summary>
    public static MarkupString Donut(string id, string title, string totalCaption, IReadOnlyList<(string Label, int Count, string Color)> slices)
    {
        const double cx = Width / 2.0, cy = Height / 2.0, r = 95, thickness = 34;
        var total = slices.Sum(s => s.Count);
        var circumference = 2 * Math.PI * r;
        var svg = Open(id, "count-chart count-donut", title, string.Join(", ", slices.Select(s => $"{s.Label} {s.Count}")));
        svg.Append($"<circle class=\"track\" cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"none\" stroke-width=\"{N(thickness)}\"/>");
        var start = 0.0; // fraction of the ring already drawn, clockwise from the top
        for (var i = 0; i < slices.Count; i++)
        {
            var (label, count, color) = slices[i];
            if (count == 0) continue;
            var share = (double)count / total;
            var angle = 2 * Math.PI * (start + share / 2) - Math.PI / 2;
            // A dash of the slice's length along a circle that starts at the top (rotated -90°); the offset moves it along.
            svg.Append($"<g class=\"slice\" data-label=\"{HtmlEncode(label)}\" data-count=\"{count}\">")
               .Append($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{N(thickness)}\" ")
               .Append($"stroke-dasharray=\"{N(share * circumference)} {N(circumference)}\" stroke-dashoffset=\"{N(-start * circumference)}\" transform=\"rotate(-90 {N(cx)} {N(cy)})\">")
               .Append($"<title>{HtmlEncode(label)}: {count} of {total}</title></circle>");
            // A count wider than its arc would spill onto its neighbours' counts; the legend and the tooltip still carry it.
            if (share * circumference >= MinArcFor(count))
                svg.Append($"<text class=\"slice-value\" x=\"{N(cx + r * Math.Cos(angle))}\" y=\"{N(cy + r * Math.Sin(angle) + 4)}\" text-anchor=\"middle\">{count}</text>");
            svg.Append("</g>");
            start += share;
        }
        svg.Append($"<text class=\"total\" x=\"{N(cx)}\" y=\"{N(cy + 4)}\" text-anchor=\"middle\">{total}</text>")
           .Append($"<text class=\"total-caption\" x=\"{N(cx)}\" y=\"{N(cy + 22)}\" text-anchor=\"middle\">{HtmlEncode(totalCaption)}</text></svg>");
        return Close(svg, slices.Select(s => ($"{s.Label} ({s.Count})", (string?)s.Color)).ToList());
    }

    /// <summary>The arc length a slice needs to hold its count: about 7 units per digit at the chart's font size, plus a margin.</summary>
    internal static double MinArcFor(int count) => 7 * count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 10;

    private static StringBuilder Open(string id, string cssClass, string title, string values) =>
        new StringBuilder($"<figure id=\"{HtmlEncode(id)}\" class=\"{cssClass}\">")
            .Append($"<svg viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{HtmlEncode($"{title}: {values}")}\">");

    /// <summary>The legend as HTML under the drawing; no colour means the theme's primary colour (the bars' fill).</summary>
    private static MarkupString Close(StringBuilder svg, IReadOnlyList<(string Text, string? Color)> legend)
    {
        svg.Append("<figcaption class=\"chart-legend\">");
        foreach (var (text, color) in legend)
            svg.Append(color is null ? "<span><i class=\"swatch primary\"></i>" : $"<span><i class=\"swatch\" style=\"background:{color}\"></i>")
               .Append(HtmlEncode(text)).Append("</span>");
        return new MarkupString(SharedMarkup.Of(svg.Append("</figcaption></figure>").ToString()));
    }

    private static string N(double v) => ChartFrame.N(v);
}
