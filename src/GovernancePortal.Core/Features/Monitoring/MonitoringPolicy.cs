using System.Globalization;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// The <c>monitoring:</c> section of a policy (ADR 0041): defaults for every feature and metric of the endpoints the policy
/// governs, and overrides per metric and per feature. Every value is optional; what the policy leaves out comes from
/// <see cref="MonitoringOptions"/> (metrics, baseline window) and <see cref="DriftThresholds.Default"/> (drift), the shipped defaults.
/// </summary>
public sealed record MonitoringSection(
    double? BaselineWindowHours, double? Tolerance, int? ConsecutiveWindows, DriftOverrides? Drift,
    IReadOnlyDictionary<string, MetricOverride> Metrics, IReadOnlyDictionary<string, DriftOverrides> Features);

/// <summary>Drift thresholds a policy sets (null: not set here). Keys as in the YAML: ks, chi2, ztest, wasserstein, jensenshannon, …</summary>
public sealed record DriftOverrides(
    double? Ks = null, double? ChiSquare = null, double? ZTest = null, double? Wasserstein = null, double? JensenShannon = null,
    double? PsiModerate = null, double? PsiMajor = null, long? SmallReference = null, long? MinBaselineCount = null, long? MinWindowCount = null)
{
    public DriftThresholds Over(DriftThresholds t) => new(
        Ks ?? t.Ks, ChiSquare ?? t.ChiSquare, ZTest ?? t.ZTest, Wasserstein ?? t.Wasserstein, JensenShannon ?? t.JensenShannon,
        PsiModerate ?? t.PsiModerate, PsiMajor ?? t.PsiMajor, SmallReference ?? t.SmallReference, MinBaselineCount ?? t.MinBaselineCount,
        MinWindowCount ?? t.MinWindowCount);

    /// <summary>Whether this sets the threshold that decides <paramref name="test"/>.</summary>
    public bool Sets(string test) => test switch
    {
        DriftTests.KolmogorovSmirnov => Ks is not null,
        DriftTests.ChiSquare => ChiSquare is not null,
        DriftTests.ZTest => ZTest is not null,
        DriftTests.Wasserstein => Wasserstein is not null,
        DriftTests.JensenShannon => JensenShannon is not null,
        _ => false,
    };
}

/// <summary>A metric's override: tolerance (fraction of the baseline), consecutive windows, and direction.</summary>
public sealed record MetricOverride(double? Tolerance = null, int? ConsecutiveWindows = null, bool? HigherIsBetter = null);

/// <summary>A policy version, as the evidence names it.</summary>
public sealed record PolicyRef(Guid Id, string Name, int Version)
{
    public override string ToString() => $"policy '{Name}' version {Version}";
}

/// <summary>
/// Where an applied threshold came from: a path in a policy version's YAML (<c>monitoring.features.score.wasserstein</c>),
/// or the shipped default when the policy in force is silent (or there is none).
/// </summary>
public sealed record RuleOrigin(PolicyRef? Policy, string? Path)
{
    public override string ToString() => (Policy, Path) switch
    {
        ({ } p, { } path) => $"{p}, {path}",
        ({ } p, null) => $"shipped default ({p} is silent)",
        _ => "shipped default (no policy in force)",
    };
}

/// <summary>The threshold that decided a feature's verdict: the test's number and where it came from.</summary>
public sealed record AppliedThreshold(string Test, double Value, RuleOrigin Origin)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(DriftThresholds.IsPValueTest(Test) ? "p-value below" : "distance from")} {Value} ({Origin})");
}

/// <summary>A metric's rule as applied: tolerance, consecutive windows, direction, and where they came from.</summary>
public sealed record AppliedMetricRule(double Tolerance, int ConsecutiveWindows, bool HigherIsBetter, RuleOrigin Origin);

/// <summary>
/// The monitoring rules in force for one endpoint: the policy's <see cref="MonitoringSection"/> over the shipped defaults.
/// The one owner of "which threshold applies" (drift per feature and test, metric tolerance, window, baseline window).
/// </summary>
public sealed class MonitoringRules(MonitoringOptions options, PolicyRef? policy, MonitoringSection? section)
{
    public PolicyRef? Policy => policy;

    public TimeSpan SlidingWindow => options.SlidingWindow;

    public TimeSpan BaselineWindow => section?.BaselineWindowHours is { } h ? TimeSpan.FromHours(h) : options.BaselineWindow;

    /// <summary>The drift thresholds of <paramref name="feature"/>: the feature's override over the section's defaults over the shipped ones.</summary>
    public DriftThresholds DriftFor(string feature)
    {
        var t = section?.Drift?.Over(DriftThresholds.Default) ?? DriftThresholds.Default;
        return section?.Features.GetValueOrDefault(feature) is { } f ? f.Over(t) : t;
    }

    /// <summary>The threshold that decides <paramref name="test"/> for <paramref name="feature"/>, with its origin.</summary>
    public AppliedThreshold ThresholdFor(string feature, string test)
    {
        var path = section?.Features.GetValueOrDefault(feature)?.Sets(test) == true ? $"monitoring.features.{feature}.{test}"
            : section?.Drift?.Sets(test) == true ? $"monitoring.drift.{test}" : null;
        return new(test, DriftFor(feature).For(test), new(policy, path));
    }

    /// <summary>The divergence rule of <paramref name="metric"/>: its override, else the section's defaults, else the options' (shipped) rule.</summary>
    public AppliedMetricRule MetricFor(string metric)
    {
        var shipped = options.RuleFor(metric);
        var o = section?.Metrics.GetValueOrDefault(metric);
        var path = o is not null ? $"monitoring.metrics.{metric}"
            : section?.Tolerance is not null || section?.ConsecutiveWindows is not null ? "monitoring" : null;
        return new(o?.Tolerance ?? section?.Tolerance ?? shipped.Tolerance!.Value,
            Math.Max(1, o?.ConsecutiveWindows ?? section?.ConsecutiveWindows ?? shipped.ConsecutiveWindows!.Value),
            o?.HigherIsBetter ?? shipped.HigherIsBetter!.Value, new(policy, path));
    }
}
