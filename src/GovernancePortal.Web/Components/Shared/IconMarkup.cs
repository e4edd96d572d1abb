using Microsoft.AspNetCore.Components;

namespace GovernancePortal.Web.Components.Shared;

/// <summary>
/// A Material icon as MudIcon renders it, for the places drawn as plain markup rather than components (ADR 0048, 0056,
/// 0058): one owner of the element and its classes, so a MudBlazor upgrade that renames them is mended here once.
/// </summary>
public static class IconMarkup
{
    /// <summary>The icon's SVG (<paramref name="icon"/> is a Material icon's path markup) with MudIcon's size and colour classes.</summary>
    public static string Svg(string icon, string classes = "mud-icon-size-medium") =>
        $"<svg class=\"mud-icon-root mud-svg-icon {classes}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{icon}</svg>";

    /// <summary>The inside of a MudIconButton: the icon in its label span; one shared string per icon (<see cref="SharedMarkup"/>).</summary>
    public static MarkupString ButtonLabel(string icon) => new(SharedMarkup.Of($"<span class=\"mud-icon-button-label\">{Svg(icon)}</span>"));
}
