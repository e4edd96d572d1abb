using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Identity;
using GovernancePortal.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.ComponentTests.Layout;

/// <summary>The navigation drawer (plain markup since it was slimmed for memory): sections per policy, the active link.</summary>
public class NavMenuTests : DatabaseComponentTestBase
{
    private string[] Links(IRenderedComponent<NavMenu> cut) => cut.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("href")!).ToArray();

    [Fact]
    public void Scientist_SeesTheRegisterAndGovernance_NotAuditOrAdministration()
    {
        Auth.SetPolicies(Policies.Reader, Policies.Editor);
        var links = Links(Ctx.Render<NavMenu>());
        Assert.Equal(["/", "/inventory", "/ai-systems", "/datasets", "/runs", "/endpoints", "/inbox", "/promotions", "/policies",
            "/findings", "/evidence/verify", "/api/reference"], links);
    }

    [Fact]
    public void AuditorAndAdmin_SeeTheirSections()
    {
        SignIn("admin@demo.local", Roles.Admin).SetPolicies(Policies.Reader, Policies.Auditor, Policies.Admin);
        var links = Links(Ctx.Render<NavMenu>());
        Assert.Contains("/audit", links);
        Assert.Contains("/compliance", links);
        Assert.Contains("/admin/users", links);
        Assert.Contains("/admin/webhooks", links);
    }

    [Fact]
    public void RoleChangesWhileTheCircuitIsOpen_SectionsFollowTheNewAuthenticationState()
    {
        SignIn("admin@demo.local", Roles.Admin).SetPolicies(Policies.Reader, Policies.Auditor, Policies.Admin);
        var cut = Ctx.Render<NavMenu>();
        Assert.Contains("/admin/users", Links(cut));

        // Revalidation found the roles removed: a new authentication state (bunit's policy list alone notifies nobody).
        Auth.SetPolicies(Policies.Reader);
        SignIn("admin@demo.local");
        cut.WaitForAssertion(() => Assert.DoesNotContain("/admin/users", Links(cut)), Patience);
        Assert.DoesNotContain("/audit", Links(cut));
    }

    [Fact]
    public void ActiveLink_FollowsNavigation_ExactForTheDashboard_PrefixForTheRest()
    {
        var navigation = Ctx.Services.GetRequiredService<NavigationManager>();
        var cut = Ctx.Render<NavMenu>();
        string[] Active() => cut.FindAll("a.mud-nav-link.active").Select(a => a.GetAttribute("href")!).ToArray();
        Assert.Equal(["/"], Active());
        Assert.Equal("page", cut.Find("a.active").GetAttribute("aria-current"));

        navigation.NavigateTo("/datasets/s3%3A%2F%2Fbank/credit");
        cut.WaitForAssertion(() => Assert.Equal(["/datasets"], Active()), Patience);

        navigation.NavigateTo("/runs-archive"); // shares a prefix with /runs but is not under it
        cut.WaitForAssertion(() => Assert.Empty(Active()), Patience);
    }
}
