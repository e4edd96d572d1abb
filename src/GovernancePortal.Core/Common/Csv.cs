using System.Text;

namespace GovernancePortal.Core.Common;

/// <summary>
/// CSV as RFC 4180 writes it (comma-separated, CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes
/// doubled) and safe to open in a spreadsheet: a cell starting with = + - @ (or tab/CR) is prefixed with an
/// apostrophe so it is shown as text, never run as a formula (OWASP "CSV injection").
/// </summary>
public static class Csv
{
    public const string LineEnd = "\r\n";

    public static string Field(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        return v.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
    }

    public static string Line(params string?[] fields)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) line.Append(',');
            line.Append(Field(fields[i]));
        }
        return line.Append(LineEnd).ToString();
    }
}
