using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Inventory;

namespace GovernancePortal.Web.Features.Evaluations.Charts;

/// <summary>Which way a metric is better, and who says so.</summary>
public enum Better { Higher, Lower }

/// <summary>One metric across versions: the values (null where a version did not report it) and the best version's index.</summary>
public sealed record ComparisonRow(string Metric, Better Direction, bool FromPolicy, IReadOnlyList<double?> Values, int? BestIndex);

/// <summary>A version and the metrics of its newest evaluation of one kind.</summary>
public sealed record VersionMetrics(Guid VersionId, string Version, IReadOnlyDictionary<string, double> Metrics);

/// <summary>Key metrics of the newest evaluation of one kind per version of a model, side by side.</summary>
public sealed record VersionComparison(IReadOnlyList<VersionMetrics> Versions, IReadOnlyList<ComparisonRow> Rows)
{
    /// <summary>
    /// The versions with an evaluation of <paramref name="kind"/>, oldest first, from the model's comparison (which owns
    /// "each version's newest evaluation of a kind" and names its metrics "{kind} · {metric}").
    /// </summary>
    public static IReadOnlyList<VersionMetrics> OfKind(ModelComparison comparison, EvaluationKind kind)
    {
        var prefix = $"{kind} · ";
        return comparison.Versions
            .Select(v => new VersionMetrics(v.Id, v.Version, v.Metrics.Where(m => m.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(m => m.Key[prefix.Length..], m => m.Value)))
            .Where(v => v.Metrics.Count > 0).ToList();
    }

    // Per sensitive column for bias; the headline figures otherwise.
    private static readonly string[] BiasKeys = ["demographic_parity_ratio", "demographic_parity_difference", "equalized_odds_ratio", "equalized_odds_difference"];
    private static readonly Dictionary<EvaluationKind, string[]> Keys = new()
    {
        [EvaluationKind.Performance] = ["accuracy", "precision", "recall", "f1", "roc_auc"],
        [EvaluationKind.Robustness] = ["accuracy_clean", "accuracy_perturbed", "accuracy_drop_points", "prediction_flip_rate", "issues"],
        [EvaluationKind.Adversarial] = ["attack_success_rate"],
    };

    /// <summary>
    /// Rows for the metrics the policy thresholds name and the kind's key metrics (for bias: per sensitive column). The
    /// better direction is the policy's where a threshold bounds the metric (a minimum: higher is better; a maximum:
    /// lower), else the metric's usual reading (differences, drops, rates of attack or flips and issue counts: lower).
    /// </summary>
    public static VersionComparison From(EvaluationKind kind, IReadOnlyList<VersionMetrics> versions, IEnumerable<MetricThreshold> thresholds)
    {
        var bounds = thresholds.ToList();
        var names = bounds.Where(t => !t.IsPattern).Select(t => t.Metric).ToList();
        if (kind == EvaluationKind.Bias)
            names.AddRange(BiasKeys.SelectMany(k => versions.SelectMany(v => MetricNames.Suffixes(v.Metrics, k)).Distinct().Order(StringComparer.Ordinal).Select(c => $"{k}:{c}")));
        else if (Keys.TryGetValue(kind, out var keys)) names.AddRange(keys);
        var rows = names.Distinct().Where(n => versions.Any(v => v.Metrics.ContainsKey(n))).Select(n => Row(n, versions, bounds)).ToList();
        return new VersionComparison(versions, rows);
    }

    private static ComparisonRow Row(string metric, IReadOnlyList<VersionMetrics> versions, List<MetricThreshold> bounds)
    {
        var baseName = metric.Split(':')[0];
        var column = metric.Contains(':') ? metric[(metric.IndexOf(':') + 1)..] : "";
        var policy = bounds.FirstOrDefault(t => t.Metric == metric) ?? MetricNames.Bounding(bounds, baseName, column).FirstOrDefault();
        var direction = policy is { Min: not null } ? Better.Higher : policy is { Max: not null } ? Better.Lower : Usual(baseName);
        var values = versions.Select(v => MetricNames.Get(v.Metrics, metric)).ToList();
        int? best = null;
        for (var i = 0; i < values.Count; i++)
            if (values[i] is { } x && (best is null || (direction == Better.Higher ? x > values[best.Value]!.Value : x < values[best.Value]!.Value))) best = i;
        // Nothing is better when every version reports the same value, or only one reports it.
        if (values.OfType<double>().Distinct().Count() < 2) best = null;
        return new ComparisonRow(metric, direction, policy is not null, values, best);
    }

    private static Better Usual(string baseName) =>
        baseName.EndsWith("_difference", StringComparison.Ordinal) || baseName.Contains("drop") || baseName.Contains("flip")
        || baseName.StartsWith("attack_success", StringComparison.Ordinal) || baseName.StartsWith("issues", StringComparison.Ordinal)
        || baseName.Contains("findings") ? Better.Lower : Better.Higher;
}
