using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Domain;
using GovernancePortal.Web.Features.Inventory;

namespace GovernancePortal.ComponentTests.Inventory;

public class EvaluationsTableTests : ComponentTestBase
{
    [Fact]
    public void ComputedEvaluation_ShowsItsSource_AndOnlyHeadlineMetrics()
    {
        var computed = new Evaluation
        {
            Kind = EvaluationKind.Bias, TargetSha256 = new string('a', 64), Evaluator = "scientist", Source = EvaluationSource.Computed,
            Metrics = new() { ["selection_rate:gender=F"] = 0.3, ["demographic_parity_ratio:gender"] = 0.5, ["demographic_parity_ratio"] = 0.5,
                ["count"] = 90, ["disparate_impact_ratio"] = 0.5, ["selection_rate"] = 0.33 },
        };

        var cut = Ctx.Render<EvaluationsTable>(p => p.Add(c => c.Evaluations, [computed]));

        Assert.Contains("Computed", cut.Find(".source-chip").TextContent);
        var metrics = cut.Find("td.mono").TextContent;
        // Names without a column or group suffix first, four of them, then how many more the evaluation page shows.
        Assert.StartsWith("count=90, demographic_parity_ratio=0.5, disparate_impact_ratio=0.5, selection_rate=0.33", metrics);
        Assert.EndsWith("… +2 more", metrics);
    }
}
