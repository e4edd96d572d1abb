using GovernancePortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using static System.Net.WebUtility;

namespace GovernancePortal.Web.Features.Dashboard;

/// <summary>
/// A dashboard stat card as one markup string (ADR 0058): an open circuit keeps every component it rendered with two
/// render-tree buffers, and the ten cards were ten components of ~20 frames each; a MarkupString is one frame, and equal
/// cards are one string for every circuit (<see cref="SharedMarkup"/>). The markup is what MudItem, MudPaper, MudLink,
/// MudStack, MudText and MudIcon render, so the look is MudBlazor's; the link is a plain anchor, which Blazor's router
/// intercepts like any other.
/// </summary>
public static class StatCards
{
    /// <summary>
    /// A card: <paramref name="label"/>, the number, an icon (a Material icon's SVG path), linking to
    /// <paramref name="href"/> (the filtered list the number counts). <paramref name="note"/> is a short line under the
    /// number, shown as a warning when <paramref name="warn"/>; <paramref name="id"/> is the element id, for links and tests.
    /// </summary>
    public static MarkupString Card(string label, int value, string icon, string href, string? note = null, bool warn = true, string? id = null)
    {
        var idAttribute = id is null ? "" : $" id=\"{HtmlEncode(id)}\"";
        var noteMarkup = note is null ? ""
            : $"<span class=\"mud-typography mud-typography-caption{(warn ? " mud-error-text" : "")} stat-note\">{HtmlEncode(note)}</span>";
        return new MarkupString(SharedMarkup.Of(
            "<div class=\"mud-grid-item mud-grid-item-xs-6 mud-grid-item-sm-4 mud-grid-item-md-3 mud-grid-item-lg-2\">" +
            $"<div class=\"mud-paper mud-elevation-1 pa-4 stat-card\"{idAttribute}>" +
            $"<a href=\"{HtmlEncode(href)}\" class=\"mud-typography mud-link mud-inherit-text mud-link-underline-none\">" +
            "<div role=\"group\" class=\"d-flex flex-row justify-space-between align-center gap-3\">" +
            $"<p class=\"mud-typography mud-typography-subtitle2 muted\">{HtmlEncode(label)}</p>" +
            IconMarkup.Svg(icon, "mud-primary-text mud-icon-size-small") + "</div>" +
            $"<h4 class=\"mud-typography mud-typography-h4 mt-1 stat-value\">{HtmlEncode(value.ToString("N0"))}</h4>" +
            $"{noteMarkup}</a></div></div>"));
    }
}
