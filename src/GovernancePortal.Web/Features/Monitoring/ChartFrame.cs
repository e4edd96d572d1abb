using System.Globalization;

namespace GovernancePortal.Web.Features.Monitoring;

/// <summary>
/// Maps times and values onto the SVG canvas of the monitoring charts (a fixed viewBox the browser scales). Plain
/// arithmetic, kept out of the .razor files so it is tested without rendering.
/// </summary>
public sealed class ChartFrame
{
    public const double Width = 640, Height = 220, Left = 56, Right = 132, Top = 12, Bottom = 28;

    public double MinValue { get; }
    public double MaxValue { get; }
    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }

    /// <summary>A frame covering every value given (points, lines, band edges), with 5 % headroom; zero-height ranges widened.</summary>
    public ChartFrame(IEnumerable<DateTimeOffset> times, IEnumerable<double> values)
    {
        var t = times.ToList();
        From = t.Count == 0 ? DateTimeOffset.UnixEpoch : t.Min();
        To = t.Count == 0 ? From.AddMinutes(1) : t.Max();
        if (To <= From) To = From.AddMinutes(1);
        var v = values.Where(double.IsFinite).ToList();
        double lo = v.Count == 0 ? 0 : v.Min(), hi = v.Count == 0 ? 1 : v.Max();
        if (hi - lo < 1e-12)
        {
            var pad = Math.Abs(hi) > 1e-12 ? Math.Abs(hi) * 0.1 : 1;
            lo -= pad;
            hi += pad;
        }
        var headroom = (hi - lo) * 0.05;
        MinValue = lo - headroom;
        MaxValue = hi + headroom;
    }

    public double X(DateTimeOffset at) => Left + (at - From).TotalSeconds / (To - From).TotalSeconds * (Width - Left - Right);
    public double Y(double value) => Top + (MaxValue - value) / (MaxValue - MinValue) * (Height - Top - Bottom);
    public double PlotRight => Width - Right;
    public double PlotBottom => Height - Bottom;

    /// <summary>The axis time format: clock time within a day, date and time across days.</summary>
    public string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString(To - From <= TimeSpan.FromDays(1) ? "HH:mm" : "MMM d HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A coordinate for an SVG attribute (invariant, two decimals).</summary>
    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// Label positions for reference lines at <paramref name="ys"/> (canvas units): in the same order, each at its line
    /// unless that would overlap the label above it, then pushed down by <paramref name="gap"/> (two thresholds of
    /// equal value stay readable).
    /// </summary>
    public static double[] LabelYs(IReadOnlyList<double> ys, double gap = 12)
    {
        var placed = new double[ys.Count];
        var previous = double.NegativeInfinity;
        foreach (var i in Enumerable.Range(0, ys.Count).OrderBy(i => ys[i]))
        {
            placed[i] = Math.Max(ys[i], previous + gap);
            previous = placed[i];
        }
        return placed;
    }

    /// <summary>Polyline points for a series, in time order.</summary>
    public string Polyline(IEnumerable<TimePoint> points) =>
        string.Join(' ', points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.At).Select(p => $"{N(X(p.At))},{N(Y(p.Value))}"));
}
