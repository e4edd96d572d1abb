using System.Text.Json;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// Reads a Giskard scan report exported as JSON, <c>{detector: {major|medium|minor: [issues...]}}</c>, into issue counts:
/// <c>issues</c>, <c>issues:major|medium|minor</c> (always present, 0 when none) and <c>issues:{detector}</c>. The issues
/// themselves are only counted. Anything else in the shape is refused naming its JSON path; a syntax error names its line.
/// </summary>
public static class GiskardScan
{
    public const string ParserVersion = "giskard-json/1";
    public static readonly IReadOnlyList<string> Severities = ["major", "medium", "minor"];
    // issues:{detector} stays within the 100 characters a metric name may have.
    private const int MaxDetectorLength = 60;

    public static PredictionsError? Read(Stream json, out SortedDictionary<string, double>? metrics)
    {
        metrics = null;
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException e)
        {
            return new((e.LineNumber ?? 0) + 1, $"is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new(0, $"$ is {Kind(root)}; a Giskard scan report is an object of detectors, each an object of major, medium and minor issue lists.");
            var m = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["issues"] = 0 };
            foreach (var severity in Severities) m[$"issues:{severity}"] = 0;
            foreach (var detector in root.EnumerateObject())
            {
                var path = $"$['{Shown(detector.Name)}']";
                if (DetectorProblem(detector.Name) is { } problem) return new(0, $"{path}: {problem}");
                if (detector.Value.ValueKind != JsonValueKind.Object)
                    return new(0, $"{path} is {Kind(detector.Value)}, not an object of major, medium and minor issue lists.");
                var count = 0;
                foreach (var severity in detector.Value.EnumerateObject())
                {
                    var at = $"{path}.{Shown(severity.Name)}";
                    if (!Severities.Contains(severity.Name))
                        return new(0, $"{at}: '{Shown(severity.Name)}' is not a severity (major, medium, minor).");
                    if (severity.Value.ValueKind != JsonValueKind.Array)
                        return new(0, $"{at} is {Kind(severity.Value)}, not a list of issues.");
                    var issues = severity.Value.GetArrayLength();
                    m[$"issues:{severity.Name}"] += issues;
                    count += issues;
                }
                m[$"issues:{detector.Name}"] = m.GetValueOrDefault($"issues:{detector.Name}") + count;
                m["issues"] += count;
            }
            metrics = m;
            return null;
        }
    }

    private static string? DetectorProblem(string name) =>
        name.Length is 0 or > MaxDetectorLength ? $"a detector name is 1 to {MaxDetectorLength} characters."
        : name.Any(c => char.IsControl(c) || c is ':' or '=' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            ? "a detector name may not contain control or bidirectional characters, ':' or '='."
        : Severities.Contains(name) || name == "issues" ? $"'{name}' is a severity, not a detector; the report nests severities inside detectors."
        : null;

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "a boolean",
    };

    private static string Shown(string s) => PredictionsScanner.Shown(s);
}
