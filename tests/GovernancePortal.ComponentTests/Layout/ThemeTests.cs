using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Identity;
using GovernancePortal.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace GovernancePortal.ComponentTests.Layout;

/// <summary>
/// The theme lives in the static page, not in a circuit (ADR 0065): the layout renders no theme provider, only the
/// toggle buttons theme.js answers; App.razor's two providers give the light variables on :root and the dark ones on
/// :root[data-theme=dark].
/// </summary>
public class ThemeTests : DatabaseComponentTestBase
{
    [Fact]
    public void Layout_HoldsNoThemeStylesheet_AndOffersTheToggleForBothThemes()
    {
        SignIn("risk@demo.local", Roles.RiskReviewer).SetPolicies(Policies.Reader);
        InCircuit();
        var cut = Ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        Assert.Empty(cut.FindAll("style"));
        Assert.Empty(cut.FindComponents<MudThemeProvider>());
        var toggles = cut.FindAll("button[data-theme-toggle]");
        Assert.Equal(["Dark theme", "Light theme"], toggles.Select(b => b.GetAttribute("title")));
        Assert.All(toggles, b => Assert.Equal("Toggle dark theme", b.GetAttribute("aria-label")));
        Assert.Equal(["theme-to-dark", "theme-to-light"], toggles.Select(b => b.ClassList.First()));
        Assert.Contains("page body", cut.Markup);
    }

    [Theory]
    [InlineData(false, ":root{", "--mud-palette-primary: rgba(57,73,171,1);")]
    [InlineData(true, ":root[data-theme=dark]{", "--mud-palette-primary: rgba(121,134,203,1);")]
    public void EachPalette_IsScopedSoTheDarkOneWinsOnlyOnADarkPage(bool dark, string scope, string primary)
    {
        var cut = Ctx.Render<MudThemeProvider>(p => p
            .Add(t => t.Theme, dark ? PortalTheme.DarkTheme : PortalTheme.Theme)
            .Add(t => t.IsDarkMode, dark)
            .Add(t => t.ObserveSystemDarkModeChange, false));

        var css = cut.Find("style.mud-theme-provider").TextContent;
        Assert.StartsWith(scope, css.Trim());
        Assert.Contains(primary, css);
    }
}
