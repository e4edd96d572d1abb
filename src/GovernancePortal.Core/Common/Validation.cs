using System.Text.RegularExpressions;

namespace GovernancePortal.Core.Common;

/// <summary>Collects field errors for a service call; nothing is written unless it stays empty.</summary>
public sealed partial class FieldErrors
{
    private readonly Dictionary<string, string> errors = [];

    public bool Any => errors.Count > 0;
    public Error.Validation ToError() => new(errors);

    public FieldErrors Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.TryAdd(field, "is required.");
        else if (value.Length > maxLength) errors.TryAdd(field, $"must be at most {maxLength} characters.");
        return this;
    }

    public FieldErrors Optional(string field, string? value, int maxLength)
    {
        if (value is { Length: > 0 } && value.Length > maxLength) errors.TryAdd(field, $"must be at most {maxLength} characters.");
        return this;
    }

    /// <summary>A required name that identifies something: <see cref="Required"/> plus the <see cref="Common.Identifier"/> rule.</summary>
    public FieldErrors Identifier(string field, string? value, int maxLength = 200)
    {
        Required(field, value, maxLength);
        if (Common.Identifier.Problem(value) is { } problem) errors.TryAdd(field, problem);
        return this;
    }

    /// <summary>An enum value the type defines (a number cast to the enum is refused).</summary>
    public FieldErrors Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value)) errors.TryAdd(field, EnumNames.Expected<TEnum>());
        return this;
    }

    public FieldErrors Sha256(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value)) { if (required) errors.TryAdd(field, "is required."); }
        else if (!Digest.IsSha256(value)) errors.TryAdd(field, "must be a SHA-256 digest: 64 hexadecimal characters.");
        return this;
    }

    public FieldErrors Check(bool ok, string field, string message)
    {
        if (!ok) errors.TryAdd(field, message);
        return this;
    }
}

public static partial class Digest
{
    [GeneratedRegex("^(sha256:)?[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();

    /// <summary>True for 64 hex characters, optionally prefixed <c>sha256:</c> as registries print them.</summary>
    public static bool IsSha256(string? value) => value is not null && Sha256Pattern().IsMatch(value.Trim());

    /// <summary>Canonical form: lower-case hex without prefix.</summary>
    public static string Normalize(string value)
    {
        var v = value.Trim();
        return (v.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? v[7..] : v).ToLowerInvariant();
    }

    /// <summary>Short form for tables: first 12 hex characters.</summary>
    public static string Short(string? value) => value is { Length: >= 12 } ? value[..12] : value ?? "";
}

public static partial class Slug
{
    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlnum();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    public static string From(string text) => NonAlnum().Replace(text.ToLowerInvariant(), "-").Trim('-');
    public static bool IsValid(string? key) => key is { Length: > 0 and <= 80 } && SlugPattern().IsMatch(key);
}
