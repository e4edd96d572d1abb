using System.Globalization;

namespace GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

/// <summary>What may name a probe, detector or category: it becomes part of metric names and is shown on pages.</summary>
internal static class RedTeamNames
{
    /// <summary>Distinct probes or categories one file may have: beyond this a column holds ids, not categories.</summary>
    public const int MaxCategories = 1000;

    /// <summary>Why <paramref name="value"/> cannot name a <paramref name="what"/>, or null when it can.</summary>
    public static string? Problem(string what, string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return $"the {what} is empty.";
        if (value.Length > 200) return $"the {what} '{value[..40]}…' is longer than 200 characters.";
        // '/' separates probe and detector in metric names (attack_success_rate:{probe}/{detector}).
        if (value.Contains('/')) return $"the {what} '{value}' contains '/', which separates probe and detector in metric names; rename it.";
        if (value.Any(c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format))
            return $"the {what} contains control or bidirectional characters.";
        return null;
    }
}
