namespace GovernancePortal.Web.Features;

/// <summary>Parses "name=value, name=value" as typed into a form field.</summary>
public static class KeyValues
{
    public static double Number(string s) => double.Parse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParse<T>(string? text, Func<string, T> parse, out Dictionary<string, T> values, out string? error)
    {
        values = [];
        error = null;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) { error = $"'{part}' is not name=value."; return false; }
            try { values[part[..eq].Trim()] = parse(part[(eq + 1)..].Trim()); }
            catch (FormatException) { error = $"'{part}' does not have a number after '='."; return false; }
        }
        return true;
    }
}
