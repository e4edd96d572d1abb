using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.AiSystems;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.AiSystems;

public class AiSystemServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly Caller Risk = new(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("risk@demo.local"), "risk@demo.local"), new HashSet<string> { Roles.RiskReviewer });
    private AiSystemService Service => factory.Get<AiSystemService>();

    private static SaveAiSystem Cmd(string key, RiskTier tier) => new(key, "Claims triage", "owner@bank.example", "Insurance", tier, "Route claims to adjusters.");

    [Fact]
    public async Task Create_InvalidKey_FieldError()
    {
        var result = await Service.CreateAsync(PortalFactory.Scientist, Cmd("Claims Triage", RiskTier.Limited));
        Assert.True(Assert.IsType<Error.Validation>(result.Error).Fields.ContainsKey("Key"));
    }

    [Fact]
    public async Task Update_TierChangeByScientist_Forbidden_ByRiskReviewer_Allowed()
    {
        var id = (await Service.CreateAsync(PortalFactory.Scientist, Cmd("claims-triage", RiskTier.Limited))).Value;

        Assert.IsType<Error.Forbidden>((await Service.UpdateAsync(PortalFactory.Scientist, id, Cmd("claims-triage", RiskTier.High))).Error);
        Assert.True((await Service.UpdateAsync(Risk, id, Cmd("claims-triage", RiskTier.High))).Succeeded);
        Assert.Equal(RiskTier.High, (await Service.GetAsync(id))!.RiskTier);
    }

    [Fact]
    public async Task Update_KeyChange_Refused()
    {
        var id = (await Service.CreateAsync(PortalFactory.Scientist, Cmd("stable-key", RiskTier.Minimal))).Value;
        var result = await Service.UpdateAsync(PortalFactory.Scientist, id, Cmd("another-key", RiskTier.Minimal));
        Assert.Contains("stable", Assert.IsType<Error.Validation>(result.Error).Fields["Key"]);
    }
}
