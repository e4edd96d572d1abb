using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>The demo's red-team evidence for the LLM support assistant is computed from the garak report it ships.</summary>
public class DemoRedTeamEvidenceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task SupportAssistantCandidate_RedTeamEvidenceIsComputedFromGarak_AndHoldsItsProductionGate()
    {
        var version = (await factory.Get<ModelRegistryService>().FindVersionAsync("support-llm-ft", "2025.06"))!;
        await using var db = factory.NewDb();
        var evaluation = await db.Evaluations.Include(e => e.Upload)
            .Where(e => e.ModelVersionId == version.Id && e.Kind == EvaluationKind.Adversarial).SingleAsync();
        Assert.Equal(EvaluationSource.Computed, evaluation.Source);
        Assert.Equal("redteam-garak/1", evaluation.Upload!.ParserVersion);
        Assert.Equal("support-llm-ft-2025.06.garak.report.jsonl", evaluation.Upload.FileName);
        Assert.Equal(33.0 / 964, evaluation.Metrics["attack_success_rate"], 12);
        Assert.Contains("garak 0.14.1 against support-llm-ft-2025.06 (rest)", evaluation.Notes);
        // Staging evidence counts for a Production promotion too, so both limited-risk policies judge it: the stored
        // verdict covers both (ADR 0040) and fails on Production's 0.02.
        Assert.False(evaluation.Passed);

        // A Production promotion is held by the evidence gate (limit 0.02), through the gate's own rule ...
        var use = await db.AiSystems.SingleAsync(s => s.Key == "customer-support-assistant");
        var report = await factory.Get<GateEvaluator>().EvaluateAsync(db, version.Id, use.Id, Stage.Production);
        var check = report.Checks.Single(c => c.Check == EvidenceGate.CheckName(EvaluationKind.Adversarial));
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("attack_success_rate = 0.0342 does not meet attack_success_rate <= 0.02", check.Reason);
        // ... while the Staging gate passes it (limit 0.05).
        var staging = (await factory.Get<GateEvaluator>().EvaluateAsync(db, version.Id, use.Id, Stage.Staging))
            .Checks.Single(c => c.Check == EvidenceGate.CheckName(EvaluationKind.Adversarial));
        Assert.Equal(CheckStatus.Passed, staging.Status);
    }

    [Fact]
    public async Task SupportAssistantCandidate_EvaluationPageVerdicts_AgreeWithBothGates()
    {
        // Before ADR 0040 the page judged staging evidence by the Staging policy alone ("Pass") while the Production gate,
        // whose policy accepts staging evidence, failed it. Both now ask PolicyDefinition.AcceptsEvidenceFrom.
        var version = (await factory.Get<ModelRegistryService>().FindVersionAsync("support-llm-ft", "2025.06"))!;
        await using var db = factory.NewDb();
        var evaluation = await db.Evaluations.SingleAsync(e => e.ModelVersionId == version.Id && e.Kind == EvaluationKind.Adversarial);
        var use = await db.AiSystems.SingleAsync(s => s.Key == "customer-support-assistant");
        var rules = await factory.Get<EvaluationPolicies>().ForAsync(version.Id, evaluation.Kind, evaluation.Environment);

        foreach (var stage in new[] { Stage.Staging, Stage.Production })
        {
            var onPage = rules.Single(r => r.RiskTier == use.RiskTier && r.Stage == stage).Verdicts(evaluation.Metrics).All(v => v.Met);
            var gate = (await factory.Get<GateEvaluator>().EvaluateAsync(db, version.Id, use.Id, stage))
                .Checks.Single(c => c.Check == EvidenceGate.CheckName(EvaluationKind.Adversarial));
            Assert.Equal(onPage, gate.Status == CheckStatus.Passed);
        }
        Assert.Contains(rules, r => r.Stage == Stage.Production && !r.Verdicts(evaluation.Metrics).All(v => v.Met));
    }
}
