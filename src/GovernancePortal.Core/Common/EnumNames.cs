namespace GovernancePortal.Core.Common;

/// <summary>
/// Enums from text by name only (case-insensitive). Enum.TryParse alone also takes "-1", "2" and "A,B", which would
/// reach the database as values that do not exist; the API's JSON converter and query parameters use this rule.
/// </summary>
public static class EnumNames
{
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return text is { Length: > 0 } && char.IsLetter(text[0]) && !text.Contains(',')
            && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static string Expected<TEnum>() where TEnum : struct, Enum => $"must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.";
}
