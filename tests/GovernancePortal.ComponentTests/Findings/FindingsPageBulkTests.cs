using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.History;
using GovernancePortal.Web.Features.Findings;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GovernancePortal.ComponentTests.Findings;

/// <summary>The list's bulk actions: the same dialog, one service call for every selected finding.</summary>
public class FindingsPageBulkTests : DatabaseComponentTestBase
{
    [Fact]
    public async Task BulkResolve_OfTwoSelectedFindings_ResolvesBoth_WithOneReasonInEachHistory()
    {
        var ids = new List<Guid>();
        await using (var db = NewDb())
        {
            db.Actor = Actor.System("test");
            foreach (var name in new[] { "alpha v1", "beta v2" })
            {
                var f = new Finding
                {
                    Signal = FindingSignal.InconsistentLineage, Rule = FindingRule.ModelVersionWithoutRun, Severity = FindingSeverity.Medium,
                    EntityType = FindingEntity.ModelVersion, EntityId = Guid.NewGuid(), EntityName = name, ConditionKey = name, Title = "Model version without a training run",
                    Message = $"{name} has no producing training run.", FirstSeen = DateTime.UtcNow, LastSeen = DateTime.UtcNow,
                };
                db.Findings.Add(f);
                FindingHistory.Record(db, f, FindingEventKind.Raised, Actor.System("findings-engine"), f.FirstSeen, f.Message);
                ids.Add(f.Id);
            }
            await db.SaveChangesAsync();
        }
        var dialogs = Ctx.Render<MudDialogProvider>();
        var cut = Ctx.Render<FindingsPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".finding-link").Count));

        // The header checkbox selects every row.
        cut.Find("thead input[type=checkbox]").Change(true);
        cut.WaitForAssertion(() => Assert.Contains("2 selected", cut.Find("#bulk-bar").TextContent));
        cut.Find("#bulk-resolve").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("textarea"));
        dialogs.Find("textarea").Input("Runs linked by the nightly backfill");
        dialogs.Find("#finding-action-submit").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".finding-link")));
        await using var check = NewDb();
        Assert.All(await check.Findings.AsNoTracking().Where(f => ids.Contains(f.Id)).ToListAsync(), f => Assert.Equal(FindingStatus.Resolved, f.Status));
        var resolved = await check.FindingEvents.AsNoTracking().Where(e => e.Kind == FindingEventKind.Resolved).ToListAsync();
        Assert.Equal(ids.Order(), resolved.Select(e => e.FindingId).Order());
        Assert.All(resolved, e => Assert.Equal("Runs linked by the nightly backfill", e.Text));
    }
}
