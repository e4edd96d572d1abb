using System.Text.Json;

namespace GovernancePortal.Web.Features.Evaluations.Upload;

/// <summary>
/// The keys of a JSON Lines file's first line, only to offer them as columns on the upload form (a JSON Lines file has
/// no header: its first object names the fields). The computing service reads the whole file and decides its validity.
/// </summary>
public static class JsonLinesHeader
{
    /// <summary>The first line's keys in order, or null when the first line is not a JSON object within the header limit.</summary>
    public static async Task<IReadOnlyList<string>?> ReadAsync(Stream stream, CancellationToken ct = default) =>
        await CsvHeader.FirstLineAsync(stream, ct) is { } line ? Keys(line) : null;

    public static IReadOnlyList<string>? Keys(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line.TrimStart('\uFEFF'));
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            return document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        }
        catch (JsonException) { return null; }
    }
}
