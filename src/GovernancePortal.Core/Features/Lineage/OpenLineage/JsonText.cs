using System.Text.Json.Nodes;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// JSON may escape half a surrogate pair ("\ud800"), which is no Unicode text: reading such a string throws deep
/// inside later code. The whole event is walked once up front so it is refused with its path instead.
/// The path is built only for the refusal: every event is walked, so a valid one allocates no path strings (ADR 0073).
/// </summary>
internal static class JsonText
{
    private enum Bad { None, Name, Value }

    public static string? Problem(JsonNode node)
    {
        try
        {
            // Filled only on the way back from a problem, innermost segment first.
            var trail = new List<string>();
            return Walk(node, trail) switch
            {
                Bad.None => null,
                Bad.Name => $"{Path(trail)}: a property name is not valid Unicode (an unpaired surrogate)",
                _ => $"{Path(trail)} is not valid Unicode (an unpaired surrogate)",
            };
        }
        catch (InvalidOperationException)
        {
            return "a property name is not valid Unicode (an unpaired surrogate)";
        }
    }

    private static string Path(List<string> trail)
    {
        trail.Reverse();
        return "$" + string.Concat(trail);
    }

    private static Bad Walk(JsonNode? node, List<string> trail)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    // A bad name is reported at its object's path: the name itself cannot be printed.
                    if (!IsText(name)) return Bad.Name;
                    if (Walk(value, trail) is var bad and not Bad.None)
                    {
                        trail.Add("." + name);
                        return bad;
                    }
                }
                return Bad.None;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (Walk(a[i], trail) is var bad and not Bad.None)
                    {
                        trail.Add($"[{i}]");
                        return bad;
                    }
                return Bad.None;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                try
                {
                    return IsText(v.GetValue<string>()) ? Bad.None : Bad.Value;
                }
                catch (InvalidOperationException)
                {
                    return Bad.Value;
                }
            default:
                return Bad.None;
        }
    }

    private static bool IsText(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }
}
