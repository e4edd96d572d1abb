namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>Settings of section <c>Monitoring</c>; ADR 0037 explains the defaults and the storage they imply.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>Minute windows are kept this long, then rolled up into hour windows.</summary>
    public int MinuteRetentionDays { get; set; } = 7;
    /// <summary>Hour windows are kept this long, then deleted.</summary>
    public int HourRetentionDays { get; set; } = 365;
    /// <summary>How much of the staging endpoint's observations (ending at its latest one) make the baseline.</summary>
    public TimeSpan BaselineWindow { get; set; } = TimeSpan.FromDays(7);
    /// <summary>The production window compared against the baseline, ending at its newest distribution window (DriftEvaluation).</summary>
    public TimeSpan SlidingWindow { get; set; } = TimeSpan.FromMinutes(60);
    /// <summary>Default tolerance of a metric: worse than its baseline by more than this fraction of the baseline.</summary>
    public double MetricTolerance { get; set; } = 0.10;
    /// <summary>Default number of consecutive windows a metric must be worse before it diverges.</summary>
    public int ConsecutiveWindows { get; set; } = 3;
    /// <summary>Per-metric overrides by name (tolerance, windows, direction).</summary>
    public Dictionary<string, MetricRule> Metrics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The rule of one metric: its override, else the defaults (lower is better for error, latency and loss metrics).</summary>
    public MetricRule RuleFor(string metric)
    {
        Metrics.TryGetValue(metric, out var o);
        return new MetricRule
        {
            Tolerance = o?.Tolerance ?? MetricTolerance,
            ConsecutiveWindows = Math.Max(1, o?.ConsecutiveWindows ?? ConsecutiveWindows),
            HigherIsBetter = o?.HigherIsBetter ?? !LowerIsBetterByName(metric),
        };
    }

    private static bool LowerIsBetterByName(string metric) =>
        new[] { "error", "latency", "loss", "mae", "mse", "rmse", "false_positive", "fpr", "fnr" }
            .Any(w => metric.Contains(w, StringComparison.OrdinalIgnoreCase));
}

public sealed class MetricRule
{
    public double? Tolerance { get; set; }
    public int? ConsecutiveWindows { get; set; }
    public bool? HigherIsBetter { get; set; }
}

/// <summary>Limits of one ingest call (fixed: they are the API's contract, docs/api.md).</summary>
public static class ObservationLimits
{
    public const int MaxObservations = 1_000;
    public const int MaxNamesPerObservation = 100;
    public const int MaxSamplesPerName = 100_000;
    public const int MaxSamplesPerCall = 1_000_000;
    public const int MaxIdLength = 200;
    public const int MaxNameLength = 100;
    /// <summary>A window longer than this is refused: windows are filed under the minute they start in.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);
    /// <summary>How far a window may end after the portal's clock (producers' clocks drift); later is refused, not stored for the future.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
}
