using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.AiSystems;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Runs;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>Builds what a promotion test needs: a version whose gates pass for the minimal-risk demo use, reviewers, signatures.</summary>
public sealed class PromotionScenario(PortalFactory factory)
{
    public const string Use = "marketing-propensity";
    private static readonly Caller System = Caller.System("test");

    public static Caller Person(string email, params string[] roles) => new(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf(email), email), roles.ToHashSet());
    public static readonly Caller Scientist = Person("scientist@demo.local", Roles.DataScientist);

    public DateTime Now => factory.Get<TimeProvider>().GetUtcNow().UtcDateTime;

    public async Task<Guid> UseIdAsync() => (await factory.Get<AiSystemService>().FindByKeyAsync(Use))!.Id;

    /// <summary>A new version with a producing run and fresh, passing Performance and Bias evidence.</summary>
    public async Task<Guid> ReadyVersionAsync(bool withBias = true)
    {
        var name = "scenario-" + Guid.NewGuid().ToString("N")[..8];
        var run = (await factory.Get<TrainingRunService>().RegisterAsync(System, new RegisterTrainingRun(
            "train-" + name, "abc1234", "", RunStatus.Completed, Now.AddDays(-3), Now.AddDays(-3).AddHours(1), null, null, []))).Value;
        var version = (await factory.Get<ModelRegistryService>().RegisterVersionAsync(System, new RegisterModelVersion(
            name, "1.0.0", "catboost 1.2", "s3://x/" + name, Sha.Of(name), TrainingRunId: run))).Value;
        await AddEvidenceAsync(version, EvaluationKind.Performance, ("auc", 0.8));
        if (withBias) await AddEvidenceAsync(version, EvaluationKind.Bias, ("disparate_impact_ratio", 0.9));
        return version;
    }

    public async Task AddEvidenceAsync(Guid version, EvaluationKind kind, params (string, double)[] metrics)
    {
        var result = await factory.Get<EvaluationService>().RegisterAsync(System, new RegisterEvaluation(version, kind, DeploymentEnvironment.Staging, null,
            metrics.ToDictionary(m => m.Item1, m => m.Item2), true, Sha.Of(Guid.NewGuid().ToString()), Now.AddHours(-1)));
        Assert.True(result.Succeeded, result.Error?.Message);
    }

    public async Task<Guid> RequestAsync(Guid version, Caller? by = null, Stage stage = Stage.Production)
    {
        var result = await factory.Get<PromotionService>().CreateAsync(by ?? Scientist,
            new NewPromotion(version, await UseIdAsync(), stage, "Better AUC on the latest campaign data."));
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value;
    }

    /// <summary>Signs as a reviewer whose screen shows the request as it is now (or <paramref name="reviewedHash"/>).</summary>
    public async Task<Result<Guid>> SignAsync(Guid id, string email, ReviewerRole role, string? password = null, string? reviewedHash = null) =>
        await factory.Get<PromotionService>().SignAsync(Person(email), id, role, "ok", password ?? PortalFactory.Password,
            reviewedHash ?? (await RowAsync(id)).DecisionHash);

    /// <summary>The demo's platform, security and risk reviewers sign one after another; each must land.</summary>
    public async Task ApproveAsync(Guid id)
    {
        foreach (var (email, role) in new[] { ("platform@demo.local", ReviewerRole.Platform), ("security@demo.local", ReviewerRole.Security), ("risk@demo.local", ReviewerRole.Risk) })
        {
            var result = await SignAsync(id, email, role);
            Assert.True(result.Succeeded, result.Error?.Message);
        }
    }

    public async Task<PromotionRow> RowAsync(Guid id) => (await factory.Get<PromotionQueries>().FindAsync(id))!;

    /// <summary>Creates a person with <paramref name="roles"/> (through the admin service, as an Admin would); returns the e-mail.</summary>
    public async Task<string> UserAsync(params string[] roles)
    {
        var email = $"u{Guid.NewGuid():N}"[..12] + "@demo.local";
        // The id follows the demo's rule, so Person(email) names the same account.
        var result = await factory.Get<UserAdminService>().CreateAsync(PortalFactory.Admin, email, "Test Person", PortalFactory.Password, roles,
            GovernancePortal.Core.Seeding.DemoUsers.IdOf(email));
        Assert.True(result.Succeeded, result.Error?.Message);
        return email;
    }

    public async Task<Stage?> StageAsync(Guid version) =>
        (await factory.Get<ModelRegistryService>().GetVersionAsync(version))!.Stages.FirstOrDefault(s => s.AiSystem!.Key == Use)?.Stage;
}
