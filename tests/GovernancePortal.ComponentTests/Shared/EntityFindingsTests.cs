using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Web.Components.Shared;

namespace GovernancePortal.ComponentTests.Shared;

public class EntityFindingsTests : DatabaseComponentTestBase
{
    [Fact]
    public async Task OpenFindingsOfTheEntity_Shown_ResolvedAndOthersNot()
    {
        var entity = Guid.NewGuid();
        await using (var db = NewDb())
        {
            db.Actor = Actor.System("test");
            db.Add(new Finding { Rule = FindingRule.LineageCycle, Severity = FindingSeverity.High, EntityType = FindingEntity.ModelVersion, ConditionKey = Guid.NewGuid().ToString(), Title = "t", EntityId = entity, Message = "on a cycle" });
            db.Add(new Finding { Rule = FindingRule.ModelVersionWithoutRun, Severity = FindingSeverity.Medium, EntityType = FindingEntity.ModelVersion, ConditionKey = Guid.NewGuid().ToString(), Title = "t", EntityId = entity, Message = "old one", ResolvedAt = DateTime.UtcNow });
            db.Add(new Finding { Rule = FindingRule.ModelVersionWithoutRun, Severity = FindingSeverity.Medium, EntityType = FindingEntity.ModelVersion, ConditionKey = Guid.NewGuid().ToString(), Title = "t", EntityId = Guid.NewGuid(), Message = "someone else" });
            await db.SaveChangesAsync();
        }

        var cut = Ctx.Render<EntityFindings>(p => p.Add(c => c.EntityId, entity));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".entity-finding")));
        Assert.Contains("on a cycle", cut.Markup);
        Assert.Contains("mud-alert-text-error", cut.Markup);
    }
}
