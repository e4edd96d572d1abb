using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Web.Features.Findings;

namespace GovernancePortal.ComponentTests.Findings;

/// <summary>The list's order comes from the stored rank (ADR 0062): most severe first, then most recently seen.</summary>
public class FindingsPageOrderTests : DatabaseComponentTestBase
{
    [Fact]
    public async Task OpenList_ShowsCriticalFirst_ThenMostRecentlySeen_WithoutTheResolved()
    {
        await using (var db = NewDb())
        {
            db.Actor = Actor.System("test");
            var now = DateTime.UtcNow;
            foreach (var (title, severity, minutesAgo, resolved) in new[]
            {
                ("medium seen now", FindingSeverity.Medium, 0, false), ("critical resolved", FindingSeverity.Critical, 1, true),
                ("high", FindingSeverity.High, 3, false), ("critical older", FindingSeverity.Critical, 9, false),
                ("critical newer", FindingSeverity.Critical, 2, false),
            })
                db.Findings.Add(new Finding
                {
                    Signal = FindingSignal.InconsistentLineage, Rule = FindingRule.ModelVersionWithoutRun, Severity = severity,
                    Status = resolved ? FindingStatus.Resolved : FindingStatus.Open, ResolvedAt = resolved ? now : null,
                    EntityType = FindingEntity.ModelVersion, EntityId = Guid.NewGuid(), EntityName = title, ConditionKey = title, Title = title,
                    Message = title, FirstSeen = now.AddMinutes(-minutesAgo), LastSeen = now.AddMinutes(-minutesAgo),
                });
            await db.SaveChangesAsync();
        }
        // The page opens on open findings; resolved-after-active within a severity is FindingOrderTests' (both providers).
        var cut = Ctx.Render<FindingsPage>();
        cut.WaitForAssertion(() => Assert.Equal(
            ["critical newer", "critical older", "high", "medium seen now"],
            cut.FindAll(".finding-link").Select(a => a.TextContent.Trim())));
    }
}
