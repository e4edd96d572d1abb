using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Features.Dashboard;
using GovernancePortal.Web.Features.Dashboard;

namespace GovernancePortal.ComponentTests.Dashboard;

/// <summary>The dashboard's tiles per role: each number, what it means, and the filtered list it links to.</summary>
public class RoleTilesTests : ComponentTestBase
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    private static (string Value, string Note, string Href) Tile(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string id)
    {
        var tile = cut.Find(id);
        return (tile.QuerySelector(".stat-value")!.TextContent.Trim(), tile.QuerySelector(".stat-note")?.TextContent.Trim() ?? "",
            tile.QuerySelector("a")!.GetAttribute("href")!);
    }

    [Fact]
    public void Reviewer_InboxTile_ShowsCountOldestWaitAndSla_LinkingToTheInbox()
    {
        var cut = Ctx.Render<ReviewerTiles>(p => p.Add(c => c.Work, new ReviewerWork(3, Now.AddDays(-7).AddHours(-2), 5, 1)).Add(c => c.Now, Now));
        var (value, note, href) = Tile(cut, "#tile-inbox");
        Assert.Equal("3", value);
        Assert.Equal("oldest 7 d · SLA 5 d · 1 past SLA", note);
        Assert.Equal("/inbox", href);
        Assert.Contains("mud-error-text", cut.Find("#tile-inbox .stat-note").ClassName);
    }

    [Fact]
    public void Reviewer_EmptyInbox_SaysNothingWaits()
    {
        var cut = Ctx.Render<ReviewerTiles>(p => p.Add(c => c.Work, new ReviewerWork(0, null, 5, 0)).Add(c => c.Now, Now));
        Assert.Equal(("0", "nothing waiting · SLA 5 d", "/inbox"), Tile(cut, "#tile-inbox"));
    }

    [Fact]
    public void Scientist_Tiles_LinkToTheirFilteredLists()
    {
        var cut = Ctx.Render<ScientistTiles>(p => p.Add(c => c.Work, new ScientistWork(4, 2, 1)));
        Assert.Equal(("4", "no revision sent for review", "/inventory?card=unsubmitted"), Tile(cut, "#tile-unsubmitted-cards"));
        Assert.Equal(("2", "fix before reviewers sign", "/promotions?mine=true&gates=failing"), Tile(cut, "#tile-failing-gates"));
        Assert.Equal(("1", "awaiting signatures", "/promotions?mine=true&status=Pending"), Tile(cut, "#tile-my-pending"));
    }

    [Fact]
    public void Compliance_Tiles_LinkToTheirFilteredLists()
    {
        ExpiringEvidence Expiring(int days) => new(Guid.NewGuid(), "fraud-gbt v4.2.0", "Card fraud detection", "Bias evidence", Guid.NewGuid(), Now.AddDays(days));
        var cut = Ctx.Render<ComplianceTiles>(p => p.Add(c => c.Work, new ComplianceWork(2, 1, [Expiring(3), Expiring(20)])));
        Assert.Equal(("2", "controls not satisfied", "/compliance?view=production-gaps"), Tile(cut, "#tile-production-gaps"));
        Assert.Equal(("1", "card no longer matches the register", "/findings?rule=card-drift"), Tile(cut, "#tile-stale-cards"));
        Assert.Equal(("2", $"within {DashboardWork.ExpiringDays} days", "/compliance?view=expiring-evidence"), Tile(cut, "#tile-expiring-evidence"));
    }
}
