using GovernancePortal.Core.Domain;
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
        // Within the limited-risk Staging limit (0.05), so the Staging verdict passes ...
        Assert.True(evaluation.Passed);

        // ... but a Production promotion is held by the evidence gate (limit 0.02), through the gate's own rule.
        var use = await db.AiSystems.SingleAsync(s => s.Key == "customer-support-assistant");
        var report = await factory.Get<GateEvaluator>().EvaluateAsync(db, version.Id, use.Id, Stage.Production);
        var check = report.Checks.Single(c => c.Check == EvidenceGate.CheckName(EvaluationKind.Adversarial));
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("attack_success_rate = 0.0342 does not meet attack_success_rate <= 0.02", check.Reason);
    }
}
