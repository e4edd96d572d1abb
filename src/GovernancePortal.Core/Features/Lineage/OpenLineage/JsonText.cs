using System.Text.Json.Nodes;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

/// <summary>
/// JSON may escape half a surrogate pair ("\ud800"), which is no Unicode text: reading such a string throws deep
/// inside later code. The whole event is walked once up front so it is refused with its path instead.
/// </summary>
internal static class JsonText
{
    public static string? Problem(JsonNode node)
    {
        try
        {
            return Walk(node, "$");
        }
        catch (InvalidOperationException)
        {
            return "a property name is not valid Unicode (an unpaired surrogate)";
        }
    }

    private static string? Walk(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (!IsText(name)) return $"{path}: a property name is not valid Unicode (an unpaired surrogate)";
                    if (Walk(value, $"{path}.{name}") is { } p) return p;
                }
                return null;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (Walk(a[i], $"{path}[{i}]") is { } p) return p;
                return null;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                try
                {
                    return IsText(v.GetValue<string>()) ? null : $"{path} is not valid Unicode (an unpaired surrogate)";
                }
                catch (InvalidOperationException)
                {
                    return $"{path} is not valid Unicode (an unpaired surrogate)";
                }
            default:
                return null;
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
