using GovernancePortal.Core.Features.Promotions;

namespace GovernancePortal.Web.Features.Evaluations.Charts;

/// <summary>Reads the flat metric names of computed evidence (ADR 0032, issue 14's naming contract): <c>name:column=value</c>.</summary>
public static class MetricNames
{
    /// <summary>The (column, value) of every <c>{prefix}:{column}={value}</c> metric, in the map's order.</summary>
    public static IEnumerable<(string Column, string Value)> Groups(IReadOnlyDictionary<string, double> metrics, string prefix)
    {
        var start = prefix + ":";
        foreach (var name in metrics.Keys)
        {
            if (!name.StartsWith(start, StringComparison.Ordinal)) continue;
            var rest = name[start.Length..];
            var eq = rest.IndexOf('=');
            if (eq > 0) yield return (rest[..eq], rest[(eq + 1)..]);
        }
    }

    /// <summary>The suffixes of every <c>{prefix}:{suffix}</c> metric without a further <c>=</c> (per column or per probe).</summary>
    public static IEnumerable<string> Suffixes(IReadOnlyDictionary<string, double> metrics, string prefix) =>
        metrics.Keys.Where(n => n.StartsWith(prefix + ":", StringComparison.Ordinal)).Select(n => n[(prefix.Length + 1)..]).Where(s => !s.Contains('='));

    public static double? Get(IReadOnlyDictionary<string, double> metrics, string name) => metrics.TryGetValue(name, out var v) ? v : null;

    /// <summary>
    /// The thresholds that bound <paramref name="baseName"/> for <paramref name="column"/>: on the bare name (the worst case
    /// over columns, so it bounds every column), on <c>name:column</c>, or on <c>name:*</c> (every column).
    /// </summary>
    public static IEnumerable<MetricThreshold> Bounding(IEnumerable<MetricThreshold> thresholds, string baseName, string column) =>
        thresholds.Where(t => t.Metric == baseName || t.Applies($"{baseName}:{column}"));
}
