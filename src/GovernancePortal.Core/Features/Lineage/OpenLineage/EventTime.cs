using System.Globalization;
using System.Text.RegularExpressions;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// eventTime as emitters write it: ISO 8601 with up to nine fractional digits (Java and Go clients send
/// nanoseconds; .NET reads seven, so the rest is dropped) and sometimes without an offset (Python's
/// <c>datetime.now().isoformat()</c>), which is read as UTC and noted rather than as the server's local time.
/// </summary>
public static partial class EventTime
{
    [GeneratedRegex(@"^(?<head>\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2})?)(?<fraction>[.,]\d+)?(?<zone>[Zz]|[+-]\d{2}(:?\d{2})?)?$")]
    private static partial Regex Iso();

    public static bool TryParse(string? text, out DateTime utc, out bool zoneless)
    {
        utc = default;
        zoneless = false;
        if (text is null || Iso().Match(text.Trim()) is not { Success: true } m) return false;
        var fraction = m.Groups["fraction"].Success ? "." + m.Groups["fraction"].Value[1..][..Math.Min(7, m.Groups["fraction"].Length - 1)] : "";
        var zone = m.Groups["zone"].Value;
        zoneless = zone.Length == 0;
        if (zone is [_, _, _]) zone += ":00"; // "+01" → "+01:00"
        var normalized = m.Groups["head"].Value.Replace(' ', 'T') + fraction + (zoneless ? "Z" : zone);
        if (!DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        utc = parsed.UtcDateTime;
        return true;
    }
}
