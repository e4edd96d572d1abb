using System.Text.Json;

namespace GovernancePortal.Web.Features.Evaluations.Charts;

/// <summary>The parameters of an upload (<c>EvaluationUpload.ParametersJson</c>) as name and printable value, in file order.</summary>
public static class UploadParameters
{
    public static IReadOnlyList<(string Name, string Value)> Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return [("parameters", json)];
            // Unset parameters (null, empty lists) are left out: the page lists what shaped the numbers.
            return doc.RootElement.EnumerateObject().Select(p => (p.Name, Value: Print(p.Value)))
                .Where(p => p.Value.Length > 0).ToList();
        }
        catch (JsonException)
        {
            // Shown as stored: the page explains how a number was made even when the record is not what it expects.
            return [("parameters", json)];
        }
    }

    private static string Print(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => string.Join(", ", e.EnumerateArray().Select(Print)),
        JsonValueKind.Object => string.Join(", ", e.EnumerateObject().Select(p => $"{p.Name}={Print(p.Value)}")),
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Null => "",
        _ => e.GetRawText(),
    };
}
