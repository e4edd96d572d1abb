using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.History;
using GovernancePortal.Core.Identity;
using GovernancePortal.Web.Components.Layout;
using GovernancePortal.Web.Features.Findings;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GovernancePortal.ComponentTests.Findings;

/// <summary>The finding detail page and its action dialog over the real FindingsService and a temporary database.</summary>
public class FindingDetailPageTests : DatabaseComponentTestBase
{
    private async Task<Guid> SeedAsync(FindingSignal signal = FindingSignal.InconsistentLineage)
    {
        var finding = new Finding
        {
            Signal = signal, Rule = FindingRule.ModelVersionWithoutRun, Severity = FindingSeverity.Medium, Status = FindingStatus.Open,
            EntityType = FindingEntity.ModelVersion, EntityId = Guid.NewGuid(), EntityName = "churn-lgbm v3.0", ConditionKey = Guid.NewGuid().ToString(),
            Title = "Model version without a training run", Message = "churn-lgbm v3.0 has no training run in its lineage.",
            SuggestedAction = "Link the run that produced it.", FirstSeen = DateTime.UtcNow.AddDays(-2), LastSeen = DateTime.UtcNow,
        };
        await using var db = NewDb();
        db.Actor = Actor.System("test");
        db.Findings.Add(finding);
        FindingHistory.Record(db, finding, FindingEventKind.Raised, Actor.System("findings-engine"), finding.FirstSeen, finding.Message);
        await db.SaveChangesAsync();
        return finding.Id;
    }

    private async Task<List<FindingEvent>> HistoryAsync(Guid id)
    {
        await using var db = NewDb();
        return await db.FindingEvents.AsNoTracking().Where(e => e.FindingId == id).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Detail_ShowsExplanationEntityAndHistory_AndOnlyTheButtonsTheRoleMayUse()
    {
        var id = await SeedAsync();
        var cut = Ctx.Render<FindingDetailPage>(p => p.Add(c => c.Id, id));

        cut.WaitForAssertion(() => Assert.Contains("has no training run", cut.Find("#finding-explanation").TextContent));
        Assert.Contains("Link the run that produced it.", cut.Find("#finding-suggested-action").TextContent);
        Assert.EndsWith("/model-versions/" + (await NewDb().Findings.SingleAsync(f => f.Id == id)).EntityId, cut.Find("#finding-entity").GetAttribute("href"));
        Assert.Contains("Raised by the engine", cut.Find(".history-event").TextContent);
        // A data scientist may act on lineage findings but not accept their risk; an open finding cannot be reopened.
        Assert.NotEmpty(cut.FindAll("#act-acknowledge"));
        Assert.NotEmpty(cut.FindAll("#act-resolve"));
        Assert.Empty(cut.FindAll("#act-suppress"));
        Assert.Empty(cut.FindAll("#act-reopen"));
    }

    [Fact]
    public async Task Detail_ForARoleThatMayNotAct_ShowsNoButtons_AndSaysSo()
    {
        var id = await SeedAsync(FindingSignal.ServiceIdentity);
        SignIn("platform@demo.local", Roles.PlatformReviewer);
        var cut = Ctx.Render<FindingDetailPage>(p => p.Add(c => c.Id, id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#finding-read-only")));
        Assert.Empty(cut.FindAll("[id^=act-]"));
    }

    [Fact]
    public async Task AcknowledgeDialog_RequiresAComment_ThenRecordsIt_AndTheHistoryShowsIt()
    {
        var id = await SeedAsync();
        var dialogs = Ctx.Render<MudDialogProvider>();
        var cut = Ctx.Render<FindingDetailPage>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => cut.Find("#act-acknowledge"));

        cut.Find("#act-acknowledge").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#finding-action-submit"));
        dialogs.Find("#finding-action-submit").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("A comment is required.", dialogs.Markup));
        Assert.Single(await HistoryAsync(id));

        dialogs.Find("textarea").Input("Asked the team to link the run");
        dialogs.Find("#finding-action-submit").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#finding-action-submit")));
        cut.WaitForAssertion(() => Assert.Equal("Acknowledged", cut.Find("#finding-status").TextContent.Trim()));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".history-event").Count));
        Assert.Contains("Asked the team to link the run", cut.FindAll(".history-event")[1].TextContent);
        Assert.Contains("scientist@demo.local", cut.FindAll(".history-event")[1].TextContent);
        var history = await HistoryAsync(id);
        Assert.Equal([FindingEventKind.Raised, FindingEventKind.Acknowledged], history.Select(e => e.Kind));
    }

    [Fact]
    public async Task AcknowledgeDialog_AuditChainEmptied_ThePageSaysSo_AndNothingIsRecorded()
    {
        var id = await SeedAsync();
        var dialogs = Ctx.Render<MudDialogProvider>();
        // In the layout's boundary, as in the portal: the dialog hands what it cannot show to the page that opened it.
        InCircuit();
        var cut = Ctx.Render<PageErrorBoundary>(p => p.AddChildContent<FindingDetailPage>(c => c.Add(x => x.Id, id)));
        cut.WaitForAssertion(() => cut.Find("#act-acknowledge"));
        await using (var db = NewDb()) await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\"");

        cut.Find("#act-acknowledge").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("textarea"));
        dialogs.Find("textarea").Input("Asked the team to link the run");
        dialogs.Find("#finding-action-submit").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#finding-action-submit")));
        cut.WaitForAssertion(() => Assert.Contains(GovernancePortal.Web.Hosting.DatabaseUnavailable.EmptiedTitle, cut.Find("[data-testid=audit-chain-emptied]").TextContent));
        Assert.Single(await HistoryAsync(id));
        await using (var db = NewDb()) Assert.Equal(FindingStatus.Open, (await db.Findings.SingleAsync(f => f.Id == id)).Status);
    }

    [Fact]
    public async Task SuppressDialog_RefusesADateBeyondTheLimit_ThenSuppressesUntilTheChosenDate()
    {
        var id = await SeedAsync();
        SignIn("risk@demo.local", Roles.RiskReviewer);
        var dialogs = Ctx.Render<MudDialogProvider>();
        var cut = Ctx.Render<FindingDetailPage>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => cut.Find("#act-suppress"));

        cut.Find("#act-suppress").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("input[type=date]"));
        dialogs.Find("textarea").Input("Retired next quarter; accepted by risk");
        var tooFar = DateTime.UtcNow.Date.AddDays(FindingsService.MaxSuppressionDays + 5);
        dialogs.Find("input[type=date]").Change(tooFar.ToString("yyyy-MM-dd"));
        dialogs.Find("#finding-action-submit").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"At most {FindingsService.MaxSuppressionDays} days", dialogs.Markup));
        Assert.Single(await HistoryAsync(id));

        var until = DateTime.UtcNow.Date.AddDays(60);
        dialogs.Find("input[type=date]").Change(until.ToString("yyyy-MM-dd"));
        dialogs.Find("#finding-action-submit").Click();
        cut.WaitForAssertion(() => Assert.Equal("Suppressed", cut.Find("#finding-status").TextContent.Trim()));
        var suppressed = (await HistoryAsync(id)).Last();
        Assert.Equal(FindingEventKind.Suppressed, suppressed.Kind);
        Assert.Equal(until, suppressed.SuppressedUntil);
        Assert.Equal("risk@demo.local", suppressed.Actor);
        cut.WaitForAssertion(() => Assert.Contains($"Suppressed until {until:yyyy-MM-dd}", cut.FindAll(".history-event").Last().TextContent));
    }
}
