using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Identity;
using GovernancePortal.Web.Features.Admin;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.ComponentTests.Promotions;

/// <summary>The policies page for a reviewer: the policies are there to read, nothing to edit.</summary>
public class PoliciesPageTests : DatabaseComponentTestBase
{
    // The page lists the attestation keys, which Data Protection guards.
    public PoliciesPageTests() => Ctx.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Ctx.Services.GetRequiredService<PolicyService>().EnsureDefaultsAsync();
    }

    [Fact]
    public void Reviewer_ReadsThePolicies_WithoutEditControls()
    {
        Auth.SetAuthorized("risk@demo.local").SetRoles(Roles.RiskReviewer);
        var cut = Ctx.Render<PoliciesPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#policy-yaml")));
        Assert.NotNull(cut.Find("#policies-read-only"));
        Assert.Contains("riskTier:", cut.Markup);
        Assert.True(Assert.Single(cut.FindAll("textarea")).HasAttribute("readonly"));
        Assert.Empty(cut.FindAll("#policy-save"));
        Assert.DoesNotContain("Import YAML", cut.Markup);
        Assert.DoesNotContain(">Rotate<", cut.Markup);
    }

    [Fact]
    public void Admin_GetsTheEditor()
    {
        Auth.SetAuthorized("admin@demo.local").SetRoles(Roles.Admin);
        var cut = Ctx.Render<PoliciesPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#policy-save")));
        Assert.Empty(cut.FindAll("#policies-read-only"));
    }
}
