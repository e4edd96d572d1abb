using System.Globalization;

namespace GovernancePortal.Web.Components.Shared;

/// <summary>
/// Typed values from a page's query string. Pages bind query parameters as text and parse them here, because Blazor's
/// own typed binding throws on a malformed value ("?mine=2", "?registered=maybe") and the page answers 500; a value that
/// does not parse reads as absent instead.
/// </summary>
public static class QueryValue
{
    public static bool? Bool(string? text) => bool.TryParse(text?.Trim(), out var b) ? b : null;

    /// <summary>A switch: true only when the address says true.</summary>
    public static bool Flag(string? text) => Bool(text) == true;

    public static Guid? Guid(string? text) => System.Guid.TryParse(text?.Trim(), out var g) ? g : null;

    public static int? Int(string? text) => int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
}
