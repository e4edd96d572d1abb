using System.Globalization;
using GovernancePortal.Core.Features.Monitoring.Drift;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// Decides whether a window drifted from its baseline (ADR 0036), choosing the test as Evidently does by default:
/// a baseline of at most <see cref="DriftThresholds.SmallReference"/> observations gets a p-value test (KS when the
/// two samples together have more than 5 distinct values, else chi-square, or the Z-test for two values); a larger one
/// gets an effect size (Wasserstein / reference std, or Jensen–Shannon for ≤ 5 values), because p-values on large
/// samples call every negligible difference significant. PSI is always reported and never decides. Below the minimum
/// counts the statistics are still computed but the verdict is no drift, and the explanation says why.
/// </summary>
public static class DriftDetector
{
    /// <summary>Up to this many distinct values (both samples together) a stream is treated as categorical.</summary>
    public const int MaxCategoricalValues = 5;

    public static DriftVerdict Compare(string feature, ValueSketch baseline, ValueSketch window, DriftThresholds t)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(t);
        var distinct = UnionDistinct(baseline, window);
        var small = baseline.Count <= t.SmallReference;
        var categorical = distinct <= MaxCategoricalValues;
        var test = (small, categorical) switch
        {
            (true, false) => DriftTests.KolmogorovSmirnov,
            (true, true) => distinct > 2 ? DriftTests.ChiSquare : DriftTests.ZTest,
            (false, false) => DriftTests.Wasserstein,
            (false, true) => DriftTests.JensenShannon,
        };
        var why = string.Create(CultureInfo.InvariantCulture, $"{Name(test)} decided (baseline of {baseline.Count:N0} " +
            $"{(small ? "≤" : ">")} {t.SmallReference:N0} observations, {(distinct == int.MaxValue ? "many" : distinct.ToString(CultureInfo.InvariantCulture))} distinct values)");
        if (baseline.Count == 0 || window.Count == 0)
            return new(feature, test, 0, null, 0, false, baseline.Count, window.Count,
                $"{why}: no drift reported, the {(baseline.Count == 0 ? "baseline" : "window")} has no observations.");

        var (statistic, p, drift, rule) = Run(test, baseline, window, t);
        var psi = Psi.Compute(baseline, window);
        var band = psi >= t.PsiMajor ? "major shift" : psi >= t.PsiModerate ? "moderate shift" : "no significant shift";
        var text = string.Create(CultureInfo.InvariantCulture, $"{why}: {rule}. PSI {psi:0.###} ({band}).");
        var thin = baseline.Count < t.MinBaselineCount ? $"the baseline has {baseline.Count:N0} observations, below the minimum of {t.MinBaselineCount:N0}"
            : window.Count < t.MinWindowCount ? $"the window has {window.Count:N0} observations, below the minimum of {t.MinWindowCount:N0}" : null;
        if (thin is not null)
            return new(feature, test, statistic, p, psi, false, baseline.Count, window.Count,
                string.Create(CultureInfo.InvariantCulture, $"{why}: no drift reported, {thin}. {rule}. PSI {psi:0.###}."));
        return new(feature, test, statistic, p, psi, drift, baseline.Count, window.Count, text);
    }

    private static (double Statistic, double? P, bool Drift, string Rule) Run(string test, ValueSketch baseline, ValueSketch window, DriftThresholds t)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (test)
        {
            case DriftTests.KolmogorovSmirnov:
            {
                var (a, b) = Comparable(baseline, window);
                var d = KolmogorovSmirnov.Statistic(a, b);
                var p = KolmogorovSmirnov.PValue(d, baseline.Count, window.Count);
                return (d, p, p < t.Ks, PValueRule("D", d, p, t.Ks));
            }
            case DriftTests.ChiSquare:
            {
                var (x, p) = Categorical.ChiSquare(baseline.DistinctCounts!, window.DistinctCounts!);
                return (x, p, p < t.ChiSquare, PValueRule("χ²", x, p, t.ChiSquare));
            }
            case DriftTests.ZTest:
            {
                var (z, p) = Categorical.ZTest(baseline.DistinctCounts!, window.DistinctCounts!);
                return (z, p, p < t.ZTest, PValueRule("z", z, p, t.ZTest));
            }
            case DriftTests.Wasserstein:
            {
                var (a, b) = Comparable(baseline, window);
                var w = Drift.Wasserstein.Normalised(a, b, baseline.StdDev);
                var drift = w >= t.Wasserstein;
                return (w, null, drift, string.Create(inv, $"distance {w:0.####} reference standard deviations {(drift ? "≥" : "<")} {t.Wasserstein} → {(drift ? "drift" : "no drift")}"));
            }
            default:
            {
                var (pShares, qShares) = Categorical.Shares(baseline.DistinctCounts!, window.DistinctCounts!);
                var js = Categorical.JensenShannon(pShares, qShares);
                var drift = js >= t.JensenShannon;
                return (js, null, drift, string.Create(inv, $"distance {js:0.####} {(drift ? "≥" : "<")} {t.JensenShannon} → {(drift ? "drift" : "no drift")}"));
            }
        }
    }

    private static string PValueRule(string name, double statistic, double p, double alpha) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} = {statistic:0.####}, p = {p:0.####} {(p < alpha ? "<" : "≥")} {alpha} → {(p < alpha ? "drift" : "no drift")}");

    private static string Name(string test) => test switch
    {
        DriftTests.KolmogorovSmirnov => "Kolmogorov–Smirnov",
        DriftTests.ChiSquare => "Chi-square",
        DriftTests.ZTest => "Two-proportion Z-test",
        DriftTests.Wasserstein => "Wasserstein (normalised)",
        _ => "Jensen–Shannon",
    };

    // Exact points when both sides are exact; otherwise both through their log buckets, so they are quantised alike.
    private static (WeightedValue[] Baseline, WeightedValue[] Window) Comparable(ValueSketch baseline, ValueSketch window) =>
        IsExact(baseline) && IsExact(window)
            ? (baseline.Distribution(), window.Distribution())
            : (baseline.BucketDistribution(), window.BucketDistribution());

    private static bool IsExact(ValueSketch s) => s.ExactValues is not null || s.DistinctCounts is not null;

    // Distinct values of both samples together, or int.MaxValue when either has too many to count.
    private static int UnionDistinct(ValueSketch a, ValueSketch b) =>
        a.DistinctCounts is { } da && b.DistinctCounts is { } db ? da.Keys.Union(db.Keys).Count() : int.MaxValue;
}
