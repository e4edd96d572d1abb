using System.Globalization;
using GovernancePortal.Core.Pdf;
using GovernancePortal.Core.Features.Promotions;
using ScottPlot;
using Drawing = GovernancePortal.Core.Pdf.Drawing;
using SkiaSharp;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>
/// Evaluation charts as vectors (ScottPlot drawing on the PDF canvas): one bar per metric with its threshold drawn as a
/// line. ScottPlot's own text (ticks) uses the shipped fonts through <see cref="ShippedFontResolver"/>; the metric
/// names and values that must be searchable are also in the table next to each chart.
/// </summary>
public static class EvidenceCharts
{
    private static readonly object Setup = new();
    private static bool ready;

    public static Drawing MetricBars(string title, IReadOnlyDictionary<string, double> metrics, IReadOnlyList<MetricThreshold> thresholds, bool passed)
    {
        EnsureFonts();
        var names = metrics.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        const float width = 480, height = 170;
        return new Drawing(width, height, canvas =>
        {
            var plot = new Plot();
            plot.Font.Set(ShippedFontResolver.Family);
            var color = passed ? new ScottPlot.Color(0x3F, 0x6E, 0xA8) : new ScottPlot.Color(0xC6, 0x28, 0x28);
            // Each bar carries its value as text: a reader sees "0" where an all-zero metric would otherwise leave a blank plot.
            var bars = names.Select((n, i) => new Bar { Position = i, Value = metrics[n], FillColor = color, LineWidth = 0, Label = metrics[n].ToString("0.###", CultureInfo.InvariantCulture) }).ToList();
            var barPlot = plot.Add.Bars(bars);
            barPlot.ValueLabelStyle.FontSize = 9;
            for (var i = 0; i < names.Count; i++)
            {
                var t = thresholds.FirstOrDefault(x => x.Applies(names[i]));
                foreach (var limit in new[] { t?.Min, t?.Max }.OfType<double>())
                {
                    var line = plot.Add.Line(i - 0.45, limit, i + 0.45, limit);
                    line.Color = new ScottPlot.Color(0xE0, 0x8A, 0x00);
                    line.LineWidth = 2;
                    line.LinePattern = LinePattern.Dashed;
                }
            }
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, names.Count).Select(i => (double)i)], [.. names]);
            plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
            plot.Axes.Left.TickLabelStyle.FontSize = 10;
            var (low, high) = ValueRange(metrics.Values.Concat(thresholds.SelectMany(t => new[] { t.Min, t.Max }.OfType<double>())));
            plot.Axes.SetLimitsY(low, high);
            plot.Title(title, size: 12);
            plot.Grid.MajorLineColor = new ScottPlot.Color(0xE5, 0xE8, 0xEC);
            plot.Render(canvas, (int)width, (int)height);
        }, $"{title}: bars are measured values; dashed lines are the policy thresholds.");
    }

    /// <summary>
    /// The value axis: from zero (or the lowest negative value) to the highest value or threshold with room for the labels;
    /// a one-unit axis when everything is zero, since an empty range draws no axis at all.
    /// </summary>
    internal static (double Low, double High) ValueRange(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).ToList();
        var low = Math.Min(0, list.DefaultIfEmpty(0).Min());
        var high = Math.Max(0, list.DefaultIfEmpty(0).Max());
        if (high - low < 1e-9) high = low + 1;
        var pad = (high - low) * 0.25; // room above the tallest bar for its value label
        return (low < 0 ? low - pad : low, high + pad);
    }

    private static void EnsureFonts()
    {
        lock (Setup)
        {
            if (ready) return;
            Fonts.FontResolvers.Insert(0, new ShippedFontResolver());
            Fonts.Default = ShippedFontResolver.Family;
            ready = true;
        }
    }

    /// <summary>Resolves every family ScottPlot asks for to the shipped fonts: charts never load a system font.</summary>
    private sealed class ShippedFontResolver : IFontResolver
    {
        public const string Family = "DejaVu Sans";
        public SKTypeface CreateTypeface(string fontName, bool bold, bool italic) =>
            bold ? PdfFonts.Shipped.Bold : italic ? PdfFonts.Shipped.Italic : PdfFonts.Shipped.Regular;
        public SKTypeface CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
