using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Web.Components.Shared;
using MudBlazor;

namespace GovernancePortal.ComponentTests.Shared;

/// <summary>The loading bar as markup looks exactly like the MudProgressLinear it replaces (ADR 0071).</summary>
public class LoadingBarTests : ComponentTestBase
{
    [Fact]
    public void Indeterminate_IsWhatMudProgressLinearRenders()
    {
        var mud = Ctx.Render<MudProgressLinear>(p => p.Add(c => c.Indeterminate, true).Add(c => c.Color, Color.Primary));
        var ours = Ctx.Render(b => b.AddContent(0, LoadingBar.Indeterminate));
        ours.MarkupMatches(mud.Markup);
    }
}
