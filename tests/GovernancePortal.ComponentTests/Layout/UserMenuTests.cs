using System.Security.Claims;
using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Web.Components.Layout;
using MudBlazor;

namespace GovernancePortal.ComponentTests.Layout;

/// <summary>The account menu as a native disclosure (ADR 0066): no MudBlazor component, same name, roles and actions.</summary>
public class UserMenuTests : ComponentTestBase
{
    [Fact]
    public void Menu_IsOneComponent_ShowingTheNameRolesAccountLinkAndSignOut()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new(ClaimTypes.Name, "risk@demo.local"), new(ClaimTypes.Role, "RiskReviewer"), new(ClaimTypes.Role, "Auditor")], "test"));
        var cut = Ctx.Render<UserMenu>(p => p.Add(m => m.User, user));

        Assert.Empty(cut.FindComponents<MudMenu>());
        Assert.Empty(cut.FindComponents<MudChip<string>>());
        var summary = cut.Find("details.user-menu > summary");
        Assert.Equal("Account menu", summary.GetAttribute("aria-label"));
        Assert.Equal("risk@demo.local", summary.TextContent.Trim());
        // Roles read as words; a name the portal does not know shows as stored.
        Assert.Contains("Risk reviewer, Auditor", cut.Find(".user-menu-list").TextContent);
        Assert.Equal("Your account", cut.Find(".user-menu-list a[href='Account/Manage']").TextContent.Trim());
        var form = cut.Find("form[action='Account/Logout'][method=post]");
        var signOut = form.QuerySelector("button[type=submit]")!;
        Assert.Equal("Sign out", signOut.TextContent.Trim());
        // Sign out is a menu item like "Your account" (same classes, so same case and icon place), not an upper-case button.
        Assert.Contains("mud-menu-item", signOut.ClassList);
    }
}
