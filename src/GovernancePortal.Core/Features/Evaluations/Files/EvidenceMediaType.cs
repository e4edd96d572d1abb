namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>The media type a kept file is served with: from its name's extension, else from the parser that read it.</summary>
public static class EvidenceMediaType
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";
    public const string JsonLines = "application/x-ndjson";
    public const string Unknown = "application/octet-stream";

    public static string Of(string fileName, string parserVersion) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => Csv,
        ".json" => Json,
        ".jsonl" or ".ndjson" => JsonLines,
        // The parser read the bytes, so it says what they are when the name does not (PyRIT sniffs JSON or CSV: unknown).
        _ when parserVersion.Contains("jsonl/", StringComparison.Ordinal) || parserVersion.StartsWith("redteam-garak/", StringComparison.Ordinal) => JsonLines,
        _ when parserVersion.Contains("json/", StringComparison.Ordinal) => Json,
        _ when parserVersion.Contains("csv/", StringComparison.Ordinal) => Csv,
        _ => Unknown,
    };
}
