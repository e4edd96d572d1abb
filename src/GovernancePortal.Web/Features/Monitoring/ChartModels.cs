namespace GovernancePortal.Web.Features.Monitoring;

/// <summary>One value of a metric or statistic at the end of its window.</summary>
public readonly record struct TimePoint(DateTimeOffset At, double Value);

/// <summary>A line of points drawn in <paramref name="Color"/>, named in the legend.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<TimePoint> Points, string Color);

/// <summary>A horizontal reference line (a baseline, a threshold), labelled at its right end.</summary>
public sealed record ChartLine(string Label, double Value, string Color, bool Dashed = true);

/// <summary>A horizontal band of acceptable values, from <paramref name="Low"/> to <paramref name="High"/>.</summary>
public sealed record ChartBand(string Label, double Low, double High);
