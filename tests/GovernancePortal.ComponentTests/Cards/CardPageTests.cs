using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Identity;
using GovernancePortal.Web.Features.Cards;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.ComponentTests.Cards;

public class CardPageTests : DatabaseComponentTestBase
{
    private Guid versionId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        versionId = (await Ctx.Services.GetRequiredService<ModelRegistryService>().RegisterVersionAsync(Caller.System("test"),
            new("churn-model", "1.0.0", "scikit-learn 1.5", "s3://m/churn", new string('a', 64)))).Value;
    }

    [Fact]
    public void EditButton_ShownToAnAuthor()
    {
        var cut = Ctx.Render<CardPage>(p => p.Add(x => x.Id, versionId));
        cut.WaitForAssertion(() => Assert.Contains("Start card", cut.Find("#edit-card").TextContent), Patience);
    }

}

/// <summary>Platform reviewers pass the Editor policy (they wire pipelines), but CardAccess refuses them.</summary>
public class CardPageAsPlatformReviewerTests : DatabaseComponentTestBase
{
    private Guid versionId;

    public CardPageAsPlatformReviewerTests() =>
        SignIn("platform@demo.local", Roles.PlatformReviewer).SetPolicies(Policies.Reader, Policies.Editor);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        versionId = (await Ctx.Services.GetRequiredService<ModelRegistryService>().RegisterVersionAsync(Caller.System("test"),
            new("churn-model", "1.0.0", "scikit-learn 1.5", "s3://m/churn", new string('a', 64)))).Value;
    }

    [Fact]
    public void EditButton_Hidden_SinceTheServiceWouldRefuseThem()
    {
        var cut = Ctx.Render<CardPage>(p => p.Add(x => x.Id, versionId));
        cut.WaitForAssertion(() => Assert.Contains("no AI Card yet", cut.Markup), Patience);
        Assert.Empty(cut.FindAll("#edit-card"));
    }
}
