using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Inventory;

/// <summary>Queries over the seeded demo register (12 versions of 8 models).</summary>
public class InventoryServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<Page<ModelVersionRow>> QueryAsync(InventoryQuery q)
    {
        var result = await factory.Get<InventoryService>().QueryAsync(PortalFactory.Scientist, q);
        Assert.True(result.Succeeded);
        return result.Value!;
    }

    [Fact]
    public async Task Query_Paging_ReturnsPageAndTotal()
    {
        var first = await QueryAsync(new(Sort: InventorySort.ModelName, Descending: false, Page: 0, PageSize: 5));
        var third = await QueryAsync(new(Sort: InventorySort.ModelName, Descending: false, Page: 2, PageSize: 5));
        Assert.Equal(5, first.Items.Count);
        Assert.True(first.Total >= 12);
        Assert.Equal(first.Total - 10, third.Items.Count);
        Assert.Empty(first.Items.Select(i => i.Id).Intersect(third.Items.Select(i => i.Id)));
        Assert.Equal(first.Items.Select(i => i.ModelName).Order(StringComparer.Ordinal), first.Items.Select(i => i.ModelName));
    }

    [Fact]
    public async Task Query_NameSearch_MatchesSubstring()
    {
        var page = await QueryAsync(new("credit-risk"));
        Assert.Equal(4, page.Total);
        Assert.All(page.Items, i => Assert.Contains("credit-risk", i.ModelName));
    }

    [Fact]
    public async Task Query_TagSearch_MatchesExactTag()
    {
        var page = await QueryAsync(new("tag:realtime"));
        Assert.Equal(2, page.Total);
        Assert.All(page.Items, i => Assert.Equal("fraud-gbt", i.ModelName));
    }

    [Fact]
    public async Task Query_DigestPrefix_FindsTheVersion()
    {
        await using var db = factory.NewDb();
        var target = await db.ModelVersions.Include(v => v.Model).FirstAsync(v => v.Model!.Name == "support-llm-ft");
        var page = await QueryAsync(new("sha256:" + target.Sha256[..10].ToUpperInvariant()));
        Assert.Contains(page.Items, i => i.Id == target.Id);
    }

    [Fact]
    public async Task Query_StageFilter_OnlyVersionsInThatStage()
    {
        var page = await QueryAsync(new(Stage: Stage.Production));
        Assert.True(page.Total >= 6);
        Assert.All(page.Items, i => Assert.Contains(i.Stages, s => s.Stage == Stage.Production));
    }

    [Fact]
    public async Task Query_UserWithoutRole_Forbidden()
    {
        var nobody = new GovernancePortal.Core.Common.Caller(GovernancePortal.Core.Audit.Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("x@y.z"), "x@y.z"), new HashSet<string>());
        var result = await factory.Get<InventoryService>().QueryAsync(nobody, new());
        Assert.False(result.Succeeded);
    }
}
