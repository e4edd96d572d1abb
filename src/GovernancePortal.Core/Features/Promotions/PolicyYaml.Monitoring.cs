using GovernancePortal.Core.Features.Monitoring;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>The <c>monitoring:</c> section (ADR 0041): every error is keyed by its path, e.g. <c>monitoring.features.score.wasserstein</c>.</summary>
public static partial class PolicyYaml
{
    public const string HigherIsBetter = "higher_is_better", LowerIsBetter = "lower_is_better";

    private sealed class MonitoringDoc
    {
        public double? BaselineWindowHours { get; set; }
        public double? Tolerance { get; set; }
        public int? ConsecutiveWindows { get; set; }
        public DriftDoc? Drift { get; set; }
        public Dictionary<string, MetricDoc>? Metrics { get; set; }
        public Dictionary<string, DriftDoc>? Features { get; set; }
    }

    // Property names are the YAML keys (camelCase): ks, chi2, ztest, wasserstein, jensenshannon: the API's test names.
    private sealed class DriftDoc
    {
        public double? Ks { get; set; }
        public double? Chi2 { get; set; }
        public double? Ztest { get; set; }
        public double? Wasserstein { get; set; }
        public double? Jensenshannon { get; set; }
        public double? PsiModerate { get; set; }
        public double? PsiMajor { get; set; }
        public long? SmallReference { get; set; }
        public long? MinBaselineCount { get; set; }
        public long? MinWindowCount { get; set; }
    }

    private sealed class MetricDoc
    {
        public double? Tolerance { get; set; }
        public int? ConsecutiveWindows { get; set; }
        /// <summary>higher_is_better or lower_is_better; unset: by name (error, latency, loss… are lower is better).</summary>
        public string? Direction { get; set; }
    }

    private static MonitoringSection? ParseMonitoring(MonitoringDoc? doc, Dictionary<string, string> errors)
    {
        if (doc is null) return null;
        const string at = "monitoring";
        if (doc.BaselineWindowHours is { } h && (!double.IsFinite(h) || h < 1.0 / 60 || h > 24 * 365))
            errors[$"{at}.baselineWindowHours"] = "Give the baseline window in hours (a minute up to 8760).";
        CheckTolerance(doc.Tolerance, $"{at}.tolerance", errors);
        CheckWindows(doc.ConsecutiveWindows, $"{at}.consecutiveWindows", errors);

        var drift = doc.Drift is null ? null : ToOverrides(doc.Drift);
        var defaults = drift?.Over(DriftThresholds.Default) ?? DriftThresholds.Default;
        if (drift is not null && defaults.Validate() is { } wrong) errors[$"{at}.drift.{wrong.Field}"] = wrong.Message;

        var metrics = new Dictionary<string, MetricOverride>(StringComparer.Ordinal);
        foreach (var (name, m) in doc.Metrics ?? [])
        {
            var path = $"{at}.metrics.{name}";
            if (ObservationValidation.NameProblem(name) is { } problem) { errors[path] = "Metric " + problem; continue; }
            if (m is null) { errors[path] = "Give tolerance, consecutiveWindows or direction."; continue; }
            CheckTolerance(m.Tolerance, $"{path}.tolerance", errors);
            CheckWindows(m.ConsecutiveWindows, $"{path}.consecutiveWindows", errors);
            bool? higher = m.Direction?.Trim().ToLowerInvariant() switch
            {
                null => null,
                HigherIsBetter => true,
                LowerIsBetter => false,
                _ => null,
            };
            if (m.Direction is not null && higher is null) errors[$"{path}.direction"] = $"'{m.Direction}' is not a direction ({HigherIsBetter} or {LowerIsBetter}).";
            metrics[name] = new(m.Tolerance, m.ConsecutiveWindows, higher);
        }

        var features = new Dictionary<string, DriftOverrides>(StringComparer.Ordinal);
        foreach (var (name, f) in doc.Features ?? [])
        {
            var path = $"{at}.features.{name}";
            if (ObservationValidation.NameProblem(name) is { } problem) { errors[path] = "Feature " + problem; continue; }
            if (f is null) { errors[path] = "Give at least one threshold (ks, chi2, ztest, wasserstein, jensenshannon, psiModerate, …)."; continue; }
            var o = ToOverrides(f);
            if (o.Over(defaults).Validate() is { } bad) errors[$"{path}.{bad.Field}"] = bad.Message;
            features[name] = o;
        }
        return new MonitoringSection(doc.BaselineWindowHours, doc.Tolerance, doc.ConsecutiveWindows, drift, metrics, features);
    }

    private static void CheckTolerance(double? tolerance, string path, Dictionary<string, string> errors)
    {
        if (tolerance is { } t && (!double.IsFinite(t) || t < 0 || t > 10))
            errors[path] = "Give the tolerance as a fraction of the baseline (0 to 10, e.g. 0.02 for 2 %).";
    }

    private static void CheckWindows(int? windows, string path, Dictionary<string, string> errors)
    {
        if (windows is < 1 or > 1440) errors[path] = "Give the number of consecutive windows (1 to 1440).";
    }

    private static DriftOverrides ToOverrides(DriftDoc d) =>
        new(d.Ks, d.Chi2, d.Ztest, d.Wasserstein, d.Jensenshannon, d.PsiModerate, d.PsiMajor, d.SmallReference, d.MinBaselineCount, d.MinWindowCount);

    private static DriftDoc ToDoc(DriftOverrides o) => new()
    {
        Ks = o.Ks, Chi2 = o.ChiSquare, Ztest = o.ZTest, Wasserstein = o.Wasserstein, Jensenshannon = o.JensenShannon, PsiModerate = o.PsiModerate,
        PsiMajor = o.PsiMajor, SmallReference = o.SmallReference, MinBaselineCount = o.MinBaselineCount, MinWindowCount = o.MinWindowCount,
    };

    private static MonitoringDoc? WriteMonitoring(MonitoringSection? m) => m is null ? null : new MonitoringDoc
    {
        BaselineWindowHours = m.BaselineWindowHours, Tolerance = m.Tolerance, ConsecutiveWindows = m.ConsecutiveWindows,
        Drift = m.Drift is null ? null : ToDoc(m.Drift),
        Metrics = m.Metrics.Count == 0 ? null : m.Metrics.ToDictionary(x => x.Key, x => new MetricDoc
        {
            Tolerance = x.Value.Tolerance, ConsecutiveWindows = x.Value.ConsecutiveWindows,
            Direction = x.Value.HigherIsBetter is { } up ? (up ? HigherIsBetter : LowerIsBetter) : null,
        }),
        Features = m.Features.Count == 0 ? null : m.Features.ToDictionary(x => x.Key, x => ToDoc(x.Value)),
    };
}
