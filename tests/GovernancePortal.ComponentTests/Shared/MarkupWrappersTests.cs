using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace GovernancePortal.ComponentTests.Shared;

/// <summary>
/// Wrappers that an open circuit no longer keeps as components (ADR 0071) render what MudBlazor renders: the layout's
/// app bar, main content and container, the dashboard's activity table.
/// </summary>
public class MarkupWrappersTests : ComponentTestBase
{
    [Fact]
    public void MainContentAndContainer_AsMudBlazorRendersThem()
    {
        var mud = Ctx.Render<MudMainContent>(p => p.AddChildContent<MudContainer>(c => c
            .Add(x => x.MaxWidth, MaxWidth.ExtraLarge).Add(x => x.Class, "py-6").AddChildContent("<p>body</p>")));
        mud.MarkupMatches("<div class=\"mud-main-content\"><div class=\"mud-container mud-container-maxwidth-xl mud-container--gutters py-6\"><p>body</p></div></div>");
    }

    [Fact]
    public void SimpleTable_DenseHover_AsMudBlazorRendersIt()
    {
        var mud = Ctx.Render<MudSimpleTable>(p => p.Add(x => x.Dense, true).Add(x => x.Hover, true).Add(x => x.Class, "mt-2 recent-activity")
            .AddChildContent("<tbody><tr><td>x</td></tr></tbody>"));
        mud.MarkupMatches("<div class=\"mud-table mud-simple-table mud-table-dense mud-table-hover mud-elevation-1 mt-2 recent-activity\">" +
            "<div class=\"mud-table-container\"><table><tbody><tr><td>x</td></tr></tbody></table></div></div>");
    }

    [Fact]
    public void AppBar_DenseElevated_AsMudBlazorRendersIt()
    {
        var mud = Ctx.Render<MudAppBar>(p => p.Add(x => x.Elevation, 1).Add(x => x.Dense, true).AddChildContent("<span>x</span>"));
        mud.MarkupMatches("<header class=\"mud-appbar mud-appbar-dense mud-appbar-fixed-top mud-elevation-1\">" +
            "<div role=\"toolbar\" class=\"mud-toolbar mud-toolbar-dense mud-toolbar-gutters mud-toolbar-appbar\"><span>x</span></div></header>");
    }
}
