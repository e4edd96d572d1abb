namespace GovernancePortal.Core.Common;

/// <summary>
/// The one rule for names that identify things (model, version, dataset namespace and name, endpoint, job):
/// the UI forms, the REST API and OpenLineage ingest all ask it (through <see cref="FieldErrors.Identifier"/>).
/// Such names end up in URLs, file names of exports, logs and audit entries that people read, so characters that
/// hide or reorder what is shown (control characters, bidirectional overrides, unpaired surrogates) and path
/// segments that walk up (<c>..</c>) are refused rather than stored (ADR 0015).
/// </summary>
public static class Identifier
{
    /// <summary>Why <paramref name="value"/> cannot be an identifier, or null when it can (emptiness is the caller's rule).</summary>
    public static string? Problem(string? value)
    {
        if (value is null) return null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c)) return "must not contain control characters (NUL, tab, CR, LF, ...).";
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                return "must not contain bidirectional override characters (U+202A–U+202E, U+2066–U+2069).";
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return "must not contain an unpaired surrogate (invalid Unicode).";
        }
        foreach (var segment in value.Split('/', '\\'))
            if (segment.Trim() is "." or "..") return "must not contain '.' or '..' path segments.";
        return null;
    }

    public static bool IsValid(string? value) => Problem(value) is null;
}
