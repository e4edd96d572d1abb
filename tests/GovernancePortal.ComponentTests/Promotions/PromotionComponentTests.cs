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
        // The role and its state read as words, not "Riskwaiting" (Razor trims a span's leading space).
        Assert.Matches(@"Risk\s+waiting", cut.Find(".approval-slot[data-role=Risk]").TextContent);
        Assert.Matches(@"Platform\s+signed by", cut.Find(".approval-slot[data-role=Platform]").TextContent);
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

    private static PromotionRow Closed(PromotionStatus status, ReviewerRole? rejectedAs = null, string? imported = null, params ApprovalRow[] approvals) =>
        Row(status, approvals: approvals) with
        {
            ClosedAt = Now.AddDays(-3), ClosedBy = "risk@demo.local", RejectedAs = rejectedAs, ImportedFrom = imported,
            RejectionReason = status == PromotionStatus.Rejected ? "The bias evaluation fails." : null,
        };

    [Fact]
    public void ApprovalSlots_Rejected_ShowsTheRejecterInTheirRolesSlot()
    {
        var row = Closed(PromotionStatus.Rejected, ReviewerRole.Risk, approvals: new ApprovalRow(ReviewerRole.Platform, "platform@demo.local", Now.AddDays(-4), "", "h", true, null));
        var cut = Ctx.Render<ApprovalSlots>(p => p.Add(c => c.Request, row));

        var risk = cut.Find(".approval-slot[data-role=Risk]");
        Assert.Contains("slot-rejected", risk.ClassName);
        Assert.Contains("rejected by risk@demo.local", risk.TextContent);
        Assert.Contains("The bias evaluation fails.", risk.TextContent);
        // The other empty slot no longer "waits": the request is closed.
        Assert.Contains("not signed", cut.Find(".approval-slot[data-role=Security]").TextContent);
        Assert.DoesNotContain("rejected", cut.Find(".approval-slot[data-role=Security]").TextContent);
    }

    [Fact]
    public void Table_SignatureIcons_CarryTheRole_ForHoverAndScreenReaders()
    {
        var row = Closed(PromotionStatus.Rejected, ReviewerRole.Risk, approvals: new ApprovalRow(ReviewerRole.Platform, "platform@demo.local", Now, "", "h", true, null));
        var cut = Ctx.Render<PromotionsTable>(p => p.Add(c => c.Rows, [row]).Add(c => c.Now, Now));

        var icons = cut.FindAll(".signature");
        Assert.Equal(["Platform", "Security", "Risk"], icons.Select(i => i.GetAttribute("data-role")));
        Assert.Equal("Platform reviewer: signed by platform@demo.local", icons[0].QuerySelector(".visually-hidden")!.TextContent);
        Assert.Equal("Risk reviewer: rejected by risk@demo.local", icons[2].QuerySelector(".visually-hidden")!.TextContent);
        Assert.Contains("sig-rejected", icons[2].ClassName);
        Assert.Equal(["P", "S", "R"], icons.Select(i => i.QuerySelector(".sig-role")!.TextContent));
    }

    [Fact]
    public void Table_Waiting_IsADurationOnlyForOpenRequests()
    {
        var open = Row(submitted: Now.AddDays(-2));
        var rejected = Closed(PromotionStatus.Rejected, ReviewerRole.Risk);
        var cut = Ctx.Render<PromotionsTable>(p => p.Add(c => c.Rows, [open, rejected]).Add(c => c.Now, Now));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal("2 d", rows[0].QuerySelector(".waiting")!.TextContent);
        Assert.Null(rows[1].QuerySelector(".waiting"));
        Assert.Equal($"rejected {Now.AddDays(-3):yyyy-MM-dd}", rows[1].QuerySelector(".closed-on")!.TextContent);
    }

    [Fact]
    public void Table_ReturnedToReview_AndImported_AreVisibleInTheList()
    {
        var returned = Row(approvals: new ApprovalRow(ReviewerRole.Security, "security@demo.local", Now.AddHours(-5), "", "old", false, "new evidence"))
            with { ReviewNote = "Returned to review: new evidence: Robustness evaluation." };
        var imported = Closed(PromotionStatus.Approved, imported: "CHG-2025-0588");
        var cut = Ctx.Render<PromotionsTable>(p => p.Add(c => c.Rows, [returned, imported]).Add(c => c.Now, Now));

        var rows = cut.FindAll("tbody tr");
        Assert.Contains("Returned to review", rows[0].QuerySelector(".returned-chip")!.TextContent);
        Assert.Contains("sig-invalidated", rows[0].QuerySelectorAll(".signature")[1].ClassName);
        Assert.Null(rows[1].QuerySelector(".returned-chip"));
        Assert.Contains("Imported · CHG-2025-0588", rows[1].QuerySelector(".imported-chip")!.TextContent);
    }

    [Fact]
    public void VersionChanges_ShowsBothSides_HighlightsChanges_AndSaysWhenThePreviousWasImported()
    {
        var row = Row();
        var previous = new PreviousApproval(Guid.NewGuid(), Guid.NewGuid(), "4.2.0", Now.AddDays(-120), "CHG-2025-0588");
        IReadOnlyList<DiffRow> diff =
        [
            new("Artifact", "Framework", "xgboost 2.1", "xgboost 2.1"),
            new("Metrics", "Performance: recall_at_1pct_fpr", "0.71", "0.76"),
            new("AI Card", "Intended use", "Score card fraud.", "Score card fraud."),
            new("AI Card", "Limitations", "Weak on new merchants.", "Weak on new merchants and card-not-present."),
        ];
        var cut = Ctx.Render<VersionChanges>(p => p.Add(c => c.Request, row).Add(c => c.Previous, previous).Add(c => c.Diff, diff));

        Assert.Contains("imported from change record CHG-2025-0588", cut.Find("#compared-with").TextContent);
        Assert.Contains("2 of 4 aspects changed", cut.Find("#compared-with").TextContent);
        var changed = cut.Find("tr.diff-changed");
        Assert.Equal("Performance: recall_at_1pct_fpr", changed.GetAttribute("data-aspect"));
        Assert.Equal(("0.71", "0.76"), (changed.QuerySelector(".diff-before")!.TextContent, changed.QuerySelector(".diff-after")!.TextContent));
        Assert.Equal("xgboost 2.1", cut.Find("tr.diff-same .diff-after").TextContent);
        Assert.Equal(["Artifact", "Metrics", "AI Card"], cut.FindAll("tr.diff-group th").Select(t => t.TextContent));
        // Unchanged card text is named once, not repeated on both sides; changed card text is side by side.
        Assert.Contains("Intended use", cut.Find("tr.diff-unchanged-sections").TextContent);
        Assert.Empty(cut.FindAll("tr[data-aspect='Intended use']"));
        Assert.Contains("card-not-present", cut.Find("tr.diff-changed[data-aspect='Limitations'] .diff-after").TextContent);
    }

    [Fact]
    public void VersionChanges_NoPrevious_SaysFirstPromotion()
    {
        var cut = Ctx.Render<VersionChanges>(p => p.Add(c => c.Request, Row()));
        Assert.Contains("first promotion there", cut.Find("#first-promotion").TextContent);
    }
}
