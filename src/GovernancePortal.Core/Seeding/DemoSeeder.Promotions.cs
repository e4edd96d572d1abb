using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using static GovernancePortal.Core.Seeding.DemoCatalog;

namespace GovernancePortal.Core.Seeding;

public sealed partial class DemoSeeder
{
    private Caller Scientist = default!, Platform = default!, Security = default!, Risk = default!;

    /// <summary>The demo's people as the services see them: by account id (looked up), e-mail for display.</summary>
    private async Task<Caller> PersonAsync(string email, string role)
    {
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"Demo user {email} is missing.");
        return new(Actor.User(user.Id, user.Email!), new HashSet<string> { role });
    }

    /// <summary>
    /// Promotion history and live requests: approvals granted before the portal existed (imported, so today's deployments
    /// are covered), then one approved, one waiting for signatures, one rejected and one invalidated by new evidence, all
    /// made through the same service calls (and step-up passwords) people use.
    /// </summary>
    private async Task SeedPromotionsAsync(Dictionary<string, Guid> systems, Dictionary<string, Guid> versions, Dictionary<string, Guid> datasets,
        string password, CancellationToken ct)
    {
        Scientist = await PersonAsync("scientist@demo.local", Roles.DataScientist);
        Platform = await PersonAsync("platform@demo.local", Roles.PlatformReviewer);
        Security = await PersonAsync("security@demo.local", Roles.SecurityReviewer);
        Risk = await PersonAsync("risk@demo.local", Roles.RiskReviewer);
        await ImportHistoryAsync(systems, versions, ct);
        var promotions = services.GetRequiredService<PromotionService>();
        async Task<Guid> Request(string version, string use, Stage stage, string why) =>
            Ok(await promotions.CreateAsync(Scientist, new NewPromotion(versions[version], systems[use], stage, why), ct), $"request {version}");
        var queries = services.GetRequiredService<PromotionQueries>();
        // Reviewers sign the decision hash their screen shows, as in the browser.
        async Task Sign(Guid id, Caller reviewer, ReviewerRole role, string comment) =>
            Ok(await promotions.SignAsync(reviewer, id, role, comment, password, (await queries.FindAsync(id, ct))!.DecisionHash, ct), $"{role} signature");

        var staging = await Request("fraud-gbt:4.3.0", "card-fraud-detection", Stage.Staging,
            "4.3.0 is retrained on the September transactions: +5 points recall at 1 % FPR. Shadow traffic in Staging for two weeks before Production.");
        await Sign(staging, Platform, ReviewerRole.Platform, "Blue/green in the staging cluster; rollback is a traffic switch.");
        await Sign(staging, Security, ReviewerRole.Security, "Digest matches the evaluated artifact; provenance from train-fraud-gbt.");
        await Sign(staging, Risk, ReviewerRole.Risk, "Bias within thresholds across card-holder age bands.");

        var production = await Request("fraud-gbt:4.3.0", "card-fraud-detection", Stage.Production,
            "Two weeks of shadow traffic in Staging confirm the recall gain with no rise in analyst workload. Adversarial and security evidence attached.");
        await Sign(production, Platform, ReviewerRole.Platform, "Canary 5 % → 50 % → 100 % over three days; rollback runbook RB-112.");

        var rejected = await Request("credit-risk-xgb:1.2.0", "retail-credit-scoring", Stage.Production,
            "1.2.0 lifts AUC by 1.3 points on the Q2 holdout and cuts false declines.");
        Ok(await promotions.RejectAsync(Risk, rejected, ReviewerRole.Risk,
            "The bias evaluation fails: demographic parity difference 0.14 and disparate impact 0.72 for applicants under 25. Retrain with reweighing and re-submit.", ct), "rejection");

        var invalidated = await Request("fraud-autoencoder:1.0.0", "card-fraud-detection", Stage.Staging,
            "The autoencoder catches novel fraud patterns the GBT misses; run it in Staging next to 4.3.0 to compare alerts.");
        await Sign(invalidated, Platform, ReviewerRole.Platform, "GPU pool capacity confirmed.");
        await Sign(invalidated, Security, ReviewerRole.Security, "Artifact digest verified.");
        // A fresh robustness run arrives after two signatures: they were given on other evidence and no longer count.
        Ok(await services.GetRequiredService<EvaluationService>().RegisterAsync(Seeder, new(versions["fraud-autoencoder:1.0.0"], EvaluationKind.Robustness,
            DeploymentEnvironment.Staging, datasets["payments/card-transactions@2025-09"], new Dictionary<string, double> { ["accuracy_drop_points"] = 4.6 },
            true, Sha("report:fraud-autoencoder:robustness:rerun"), DaysAgo(1), "Re-run with the September perturbation suite."), ct), "new evidence");
        await promotions.RevalidateAsync(invalidated, ct);
    }

    /// <summary>
    /// Approvals given in the change-management system before the portal: recorded as approved requests bound to today's
    /// facts, so the deployments they cover are tracked and their release decisions verifiable.
    /// </summary>
    private async Task ImportHistoryAsync(Dictionary<string, Guid> systems, Dictionary<string, Guid> versions, CancellationToken ct)
    {
        (string Version, string Use, Stage Stage, int DaysAgo, string Change)[] history =
        [
            ("credit-risk-xgb:1.1.0", "retail-credit-scoring", Stage.Production, 135, "CHG-2025-0412"),
            ("credit-risk-xgb:1.2.0", "retail-credit-scoring", Stage.Staging, 15, "CHG-2025-0977"),
            ("fraud-gbt:4.2.0", "card-fraud-detection", Stage.Production, 120, "CHG-2025-0588"),
            ("support-llm-ft:2025.02", "customer-support-assistant", Stage.Production, 185, "CHG-2025-0218"),
            ("support-llm-ft:2025.06", "customer-support-assistant", Stage.Staging, 45, "CHG-2025-0701"),
            ("marketing-propensity:2.1.0", "marketing-propensity", Stage.Production, 60, "CHG-2025-0655"),
            ("marketing-propensity:2.2.0", "marketing-propensity", Stage.Staging, 3, "CHG-2025-1102"),
        ];
        var gates = services.GetRequiredService<GateEvaluator>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = Seeder.Actor;
        var reviewers = new Dictionary<ReviewerRole, ApplicationUser>();
        foreach (var (role, email) in new[] { (ReviewerRole.Platform, Platform.Actor.Name), (ReviewerRole.Security, Security.Actor.Name), (ReviewerRole.Risk, Risk.Actor.Name) })
            reviewers[role] = (await users.FindByEmailAsync(email))!;
        foreach (var h in history)
        {
            var report = await gates.EvaluateAsync(db, versions[h.Version], systems[h.Use], h.Stage, ct);
            var at = DaysAgo(h.DaysAgo);
            var request = new PromotionRequest
            {
                ModelVersionId = versions[h.Version], AiSystemId = systems[h.Use], TargetStage = h.Stage, Status = PromotionStatus.Approved,
                Justification = $"Imported from change record {h.Change}, approved before the portal was introduced.", ImportedFrom = h.Change,
                RequestedBy = Scientist.Actor.Name, RequestedById = Scientist.UserId, CreatedAt = at.AddDays(-2), SubmittedAt = at.AddDays(-2), ClosedAt = at, ClosedBy = Risk.Actor.Name,
                PolicyId = report.Policy?.Id, PolicyVersion = report.Policy?.Version, DecisionHash = report.DecisionHash, DecisionInputs = report.Inputs.ToJson(),
            };
            foreach (var (role, user) in reviewers)
                request.Approvals.Add(new PromotionApproval
                {
                    Role = role, ReviewerId = user.Id, ReviewerName = user.Email!, SignedAt = at.AddHours(-(int)role),
                    Comment = $"Approved in {h.Change}.", DecisionHash = report.DecisionHash,
                });
            db.Add(request);
        }
        await db.SaveChangesAsync(ct);
    }
}
