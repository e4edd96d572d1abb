using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>Reviewers and compliance read the promotion policies; only Admin changes them, whatever a page offers.</summary>
public class PolicyAccessTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(Roles.RiskReviewer)]
    [InlineData(Roles.ComplianceOfficer)]
    [InlineData(Roles.DataScientist)]
    public async Task NonAdmin_CannotSaveOrImport_AndNothingChanges(string role)
    {
        var policies = factory.Get<PolicyService>();
        var caller = PromotionScenario.Person($"{role.ToLowerInvariant()}@demo.local", role);
        Assert.False(PolicyService.CanEdit(caller));
        var before = await policies.CurrentAllAsync();
        var yaml = (await policies.FindAsync(before[0].Id))!.Yaml;

        Assert.IsType<Error.Forbidden>((await policies.SaveAsync(caller, yaml, "tighten")).Error);
        Assert.IsType<Error.Forbidden>((await policies.ImportAsync(caller, yaml)).Error);

        Assert.Equal(before.Select(p => (p.Id, p.Version)), (await policies.CurrentAllAsync()).Select(p => (p.Id, p.Version)));
    }

    [Fact]
    public void Admin_CanEdit() => Assert.True(PolicyService.CanEdit(PortalFactory.Admin));

    [Theory]
    [InlineData("risk@demo.local")]
    [InlineData("compliance@demo.local")]
    public async Task ReviewerAndCompliance_OpenThePoliciesPage(string email)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.True((await LoginClient.PostLoginAsync(client, email, PortalFactory.Password)).RedirectsTo("/"));
        var response = await client.GetAsync("/policies");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Promotion policies", await response.Content.ReadAsStringAsync());
    }
}
