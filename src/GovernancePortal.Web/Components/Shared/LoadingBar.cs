using Microsoft.AspNetCore.Components;

namespace GovernancePortal.Web.Components.Shared;

/// <summary>
/// What <c>&lt;MudProgressLinear Indeterminate="true" Color="Color.Primary" /&gt;</c> renders, as one shared string
/// (ADR 0071): a loading bar is shown while a page loads and then removed, but the circuit's previous render tree still
/// points at a removed component, so every idle circuit kept a disposed MudProgressLinear with its state. Markup keeps
/// nothing. LoadingBarTests compares it with MudBlazor's own rendering.
/// </summary>
public static class LoadingBar
{
    public static readonly MarkupString Indeterminate = new(
        "<div role=\"progressbar\" aria-busy=\"true\" aria-valuenow=\"0\" aria-valuemin=\"0\" aria-valuemax=\"100\" " +
        "class=\"mud-progress-linear mud-progress-indeterminate mud-progress-linear-small mud-progress-linear-color-primary " +
        "mud-progress-linear-background horizontal\"><div class=\"mud-progress-linear-bars mud-flip-x-rtl\">" +
        "<div class=\"mud-progress-linear-bar\"></div><div class=\"mud-progress-linear-bar\"></div></div></div>");
}
