using MudBlazor;

namespace GovernancePortal.Web.Components.Layout;

/// <summary>Brand palette (also used by the PDF evidence packs): deep indigo with a teal accent.</summary>
public static class PortalTheme
{
    public const string Primary = "#3949ab";
    public const string Secondary = "#00897b";

    /// <summary>The light palette's variables, on <c>:root</c>.</summary>
    public static readonly MudTheme Theme = Create(":root");

    /// <summary>
    /// The same theme whose variables apply only while the page is dark (theme.js sets the attribute): both sets are in
    /// the static page head, so no circuit keeps a theme provider (ADR 0065).
    /// </summary>
    public static readonly MudTheme DarkTheme = Create(":root[data-theme=dark]");

    private static MudTheme Create(string scope) => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = Primary, Secondary = Secondary, AppbarBackground = "#1a237e", Background = "#f5f6fa",
            DrawerBackground = "#ffffff", Success = "#2e7d32", Warning = "#ed6c02", Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7986cb", Secondary = "#4db6ac", AppbarBackground = "#121633", Success = "#66bb6a", Warning = "#ffa726", Error = "#ef5350",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
        PseudoCss = new PseudoCss { Scope = scope },
    };
}
