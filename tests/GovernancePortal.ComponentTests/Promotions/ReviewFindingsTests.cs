using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Web.Features.Promotions;

namespace GovernancePortal.ComponentTests.Promotions;

public class ReviewFindingsTests : ComponentTestBase
{
    private static RelatedFinding Related(FindingRule rule, FindingSeverity severity, string entityType, string name, FindingRelation relation) => new(new Finding
    {
        Rule = rule, Severity = severity, EntityType = entityType, EntityId = Guid.NewGuid(), EntityName = name, Message = $"{name}: {rule}",
    }, relation);

    [Fact]
    public void ReviewFindings_ListsEachFindingWithSeverityRuleInWordsEntityLinkAndRelation()
    {
        var endpoint = Related(FindingRule.UntrackedPromotion, FindingSeverity.Critical, FindingEntity.Endpoint, "fraud-scoring (Production)", FindingRelation.Endpoint);
        var run = Related(FindingRule.RunConsumedUnregisteredDataset, FindingSeverity.High, FindingEntity.TrainingRun, "train-fraud-gbt", FindingRelation.ProducingRun);

        var cut = Ctx.Render<ReviewFindings>(p => p.Add(c => c.Findings, [endpoint, run]));

        var items = cut.FindAll("li.review-finding");
        Assert.Equal(2, items.Count);
        Assert.Equal("Critical", items[0].QuerySelector(".severity-chip")!.TextContent.Trim());
        Assert.Contains("Deployed without an approved release", items[0].TextContent);
        Assert.Equal($"/endpoints/{endpoint.Finding.EntityId}", items[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("an endpoint serving it or reported as it", items[0].TextContent);
        Assert.Contains("the run that produced it", items[1].TextContent);
        Assert.Equal($"/runs/{run.Finding.EntityId}", items[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("2 open", cut.Find("#review-findings-verdict").TextContent.Trim());
    }

    [Fact]
    public void ReviewFindings_None_SaysWhereItLooked()
    {
        var cut = Ctx.Render<ReviewFindings>(p => p.Add(c => c.Findings, []));
        Assert.Equal("None", cut.Find("#review-findings-verdict").TextContent.Trim());
        Assert.Contains("its endpoints", cut.Markup);
        Assert.Empty(cut.FindAll("li.review-finding"));
    }
}
