using System.Collections.Concurrent;

namespace GovernancePortal.Web.Components.Shared;

/// <summary>
/// One instance of each markup string that many circuits render alike (the dashboard's charts, ADR 0056): an open
/// circuit keeps the strings its render tree points at, so 200 dashboards with the same counts would otherwise hold
/// 200 copies. Bounded: when the data keeps changing, the table is emptied rather than grown; strings still shown stay
/// alive through the circuits that show them.
/// </summary>
public static class SharedMarkup
{
    private const int Capacity = 128;
    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);

    /// <summary>The shared instance equal to <paramref name="markup"/> (that instance itself, the first time).</summary>
    public static string Of(string markup)
    {
        if (Strings.TryGetValue(markup, out var shared)) return shared;
        if (Strings.Count >= Capacity) Strings.Clear();
        return Strings.GetOrAdd(markup, markup);
    }
}
