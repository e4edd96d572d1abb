using System.Security.Cryptography;
using System.Text;

namespace GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

/// <summary>
/// Turns red-team counts into the flat metric map (names per the red-team metric contract, ADR 0033): overall, per
/// probe (or category) and, for garak, per probe/detector; every rate with its 95 % Wilson bounds; garak's own bootstrap
/// bounds beside them when the file has them. A probe with several detectors is as vulnerable as its worst detector
/// says (garak's own probe score is the minimum pass rate over its detectors); the overall rate pools the probes.
/// </summary>
public static class RedTeamMetrics
{
    // The longest prefix is "attack_success_rate_ci_high:" (28 characters); metric names may have 100.
    internal const int MaxSuffixLength = 100 - 28;

    public static SortedDictionary<string, double> From(RedTeamResult result)
    {
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        long attempts = 0, succeeded = 0;
        foreach (var probe in result.Counts.GroupBy(c => c.Probe, StringComparer.Ordinal))
        {
            var worst = Worst(probe);
            Add(metrics, Suffix(probe.Key), worst.Attempts, worst.Succeeded, worst.Rate);
            attempts += worst.Attempts;
            succeeded += worst.Succeeded;
            foreach (var pair in probe.Where(c => c.Detector is not null))
            {
                var suffix = Suffix($"{pair.Probe}/{pair.Detector}");
                Add(metrics, suffix, pair.Attempts, pair.Succeeded, pair.Rate);
                if (pair is { ToolLow: { } low, ToolHigh: { } high })
                {
                    metrics[$"garak_ci_low{suffix}"] = low;
                    metrics[$"garak_ci_high{suffix}"] = high;
                }
            }
        }
        // PyRIT and CSV rows may name several categories: the overall figures count each scored attempt once.
        if (result.Format != RedTeamFormat.Garak) (attempts, succeeded) = (result.RowsAttempted, result.RowsSucceeded);
        Add(metrics, "", attempts, succeeded, attempts == 0 ? null : (double)succeeded / attempts);
        return metrics;
    }

    /// <summary>The detector with the highest attack success rate (ties: more attempts, then name), as garak's probe score takes the minimum pass rate.</summary>
    private static AttackCounts Worst(IEnumerable<AttackCounts> detectors) =>
        detectors.OrderByDescending(c => c.Rate ?? -1).ThenByDescending(c => c.Attempts).ThenBy(c => c.Detector, StringComparer.Ordinal).First();

    private static void Add(SortedDictionary<string, double> metrics, string suffix, long attempts, long succeeded, double? rate)
    {
        metrics[$"attempts{suffix}"] = attempts;
        metrics[$"attacks_succeeded{suffix}"] = succeeded;
        if (rate is not { } r || WilsonInterval.Of(succeeded, attempts) is not { } ci) return;
        metrics[$"attack_success_rate{suffix}"] = r;
        metrics[$"attack_success_rate_ci_low{suffix}"] = ci.Low;
        metrics[$"attack_success_rate_ci_high{suffix}"] = ci.High;
    }

    private static string Suffix(string key) => ":" + Key(key);

    /// <summary>
    /// A probe, category or probe/detector as it appears in metric names: itself when it fits, else its first 63
    /// characters, '~' and 8 hex digits of its SHA-256, so long garak names stay distinct and stable.
    /// </summary>
    public static string Key(string key) =>
        key.Length <= MaxSuffixLength ? key
            : string.Concat(key.AsSpan(0, MaxSuffixLength - 9), "~", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))).AsSpan(0, 8));
}
