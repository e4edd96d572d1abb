using System.Text;

namespace GovernancePortal.Web.Features.Evaluations.Upload;

/// <summary>
/// Reads the header line of a CSV file, only to offer its columns as choices on the upload form; the file itself is
/// read by the computing service, which decides whether it is valid.
/// </summary>
public static class CsvHeader
{
    /// <summary>More than this without a line end is not a header a person would pick columns from.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The column names of the first line (quotes removed), or null when there is no line end within the limit.</summary>
    public static async Task<IReadOnlyList<string>?> ReadAsync(Stream stream, CancellationToken ct = default) =>
        await FirstLineAsync(stream, ct) is { } line ? Split(line) : null;

    /// <summary>The first line (without its end), or null when there is no line end within <see cref="MaxHeaderBytes"/>.</summary>
    public static async Task<string?> FirstLineAsync(Stream stream, CancellationToken ct = default)
    {
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0) break;
            var end = Array.IndexOf(buffer, (byte)'\n', length, read);
            length += read;
            if (end >= 0) return Encoding.UTF8.GetString(buffer, 0, end);
        }
        // A file of one line without a line end is a header too.
        return length < buffer.Length && length > 0 ? Encoding.UTF8.GetString(buffer, 0, length) : null;
    }

    /// <summary>Splits one CSV line on commas outside double quotes ("" inside quotes is a quote).</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        line = line.TrimStart('\uFEFF').TrimEnd('\r');
        var columns = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { columns.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(c);
        }
        columns.Add(current.ToString().Trim());
        return columns.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }
}
