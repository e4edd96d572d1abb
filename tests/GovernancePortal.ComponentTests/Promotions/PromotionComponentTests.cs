using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Web.Features.Promotions;

namespace GovernancePortal.ComponentTests.Promotions;

public class PromotionComponentTests : ComponentTestBase
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    private static PromotionRow Row(PromotionStatus status = PromotionStatus.Pending, DateTime? submitted = null, params ApprovalRow[] approvals) => new(
        Guid.NewGuid(), Guid.NewGuid(), "fraud-gbt", "4.3.0", new string('a', 64), Guid.NewGuid(), "card-fraud-detection", "Card fraud detection",
        RiskTier.High, Stage.Production, status, "scientist@demo.local", Now.AddDays(-10), submitted ?? Now.AddDays(-1), null, null, null, null,
        new string('b', 64), 1, approvals);

    private static readonly PolicyDefinition Definition = new("p", RiskTier.High, Stage.Production, 90, [DeploymentEnvironment.Staging], [], [], ReviewerRoles.All);

    [Fact]
    public void Checklist_ListsFailingChecksFirst_WithReasonsAndEvidenceLinks()
    {
        var evaluation = Guid.NewGuid();
        var report = new GateReport(new PromotionPolicy { Yaml = "", CreatedBy = "t", RiskTier = RiskTier.High, TargetStage = Stage.Production, Version = 3 }, Definition,
            [
                new("Evidence", "Performance evidence", CheckStatus.Passed, "auc reported", [new("evaluation", evaluation, "Performance evaluation of 2026-11-20", "evaluation:x")]),
                new("Evidence", "Bias evidence", CheckStatus.Failed, "demographic_parity_difference = 0.14 does not meet demographic_parity_difference <= 0.1.", []),
                new("AI Card", "Published AI Card", CheckStatus.Missing, "No AI Card revision has been submitted for review.", []),
            ], DecisionInputs.Empty);

        var cut = Ctx.Render<GateChecklist>(p => p.Add(c => c.Report, report));

        var items = cut.FindAll("li.gate");
        Assert.Equal(3, items.Count);
        Assert.Contains("gate-failed", items[0].ClassName + items[1].ClassName);
        Assert.Contains("gate-passed", items[2].ClassName);
        Assert.Contains("2 not passing", cut.Find("#gates-verdict").TextContent);
        Assert.Contains("version 3", cut.Markup);
        Assert.Equal($"/evaluations/{evaluation}", cut.Find("li.gate-passed a").GetAttribute("href"));
    }

    [Fact]
    public void Checklist_AllPassed_SaysSo()
    {
        var report = new GateReport(new PromotionPolicy { Yaml = "", CreatedBy = "t" }, Definition,
            [new("Evidence", "Performance evidence", CheckStatus.Passed, "ok", [])], DecisionInputs.Empty);
        Assert.Equal("All gates pass", Ctx.Render<GateChecklist>(p => p.Add(c => c.Report, report)).Find("#gates-verdict").TextContent.Trim());
    }

    [Fact]
    public void ApprovalSlots_ShowSignedWaitingAndInvalidated()
    {
        var row = Row(approvals:
        [
            new(ReviewerRole.Platform, "platform@demo.local", Now.AddHours(-3), "Rollback RB-112", "h", true, null),
            new(ReviewerRole.Security, "security@demo.local", Now.AddHours(-5), "", "old", false, "Given on other facts: new evidence: Bias evaluation."),
        ]);
        var cut = Ctx.Render<ApprovalSlots>(p => p.Add(c => c.Request, row));

        Assert.Contains("signed by platform@demo.local", cut.Find(".approval-slot[data-role=Platform]").TextContent);
        var security = cut.Find(".approval-slot[data-role=Security]");
        Assert.Contains("waiting", security.TextContent);
        Assert.Contains("Given on other facts", security.QuerySelector(".invalidated")!.TextContent);
        Assert.NotNull(security.QuerySelector(".invalidated s"));
        Assert.Contains("waiting", cut.Find(".approval-slot[data-role=Risk]").TextContent);
    }

    [Fact]
    public void Table_FlagsRequestsPastTheSla_AndShowsSignatures()
    {
        var late = Row(submitted: Now.AddDays(-7), approvals: [new(ReviewerRole.Platform, "p", Now, "", "h", true, null)]);
        var fresh = Row(submitted: Now.AddHours(-2));
        var cut = Ctx.Render<PromotionsTable>(p => p.Add(c => c.Rows, [late, fresh]).Add(c => c.Now, Now).Add(c => c.SlaDays, 5));

        var rows = cut.FindAll("tbody tr");
        Assert.Contains("sla-late", rows[0].ClassName);
        Assert.Contains("7 d", rows[0].TextContent);
        Assert.DoesNotContain("sla-late", rows[1].ClassName ?? "");
        Assert.Contains("2 h", rows[1].TextContent);
        Assert.Equal($"/promotions/{late.Id}", cut.FindAll("a.promotion-link")[0].GetAttribute("href"));
    }
}
