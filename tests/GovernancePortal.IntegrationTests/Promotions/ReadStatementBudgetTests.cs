using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>A factory whose contexts carry a <see cref="StatementCounter"/>.</summary>
public sealed class CountingPortalFactory : PortalFactory
{
    public CountingPortalFactory() => ServiceOverrides = s => StatementCounter.Register(s, new StatementCounter());
}

/// <summary>
/// Statements per read (issue 16, ADR 0070): on PostgreSQL each is a round trip, so the reads over the read-latency budget
/// were cut to fewer statements. These budgets hold the cuts; the same answers are asserted beside them, so a cut that
/// drops something shown fails too. Counted, not timed: the numbers do not depend on the machine's load.
/// </summary>
public class ReadStatementBudgetTests(CountingPortalFactory factory) : IClassFixture<CountingPortalFactory>
{
    private async Task<PromotionRow> DemoRequestAsync() =>
        (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Pending, pageSize: 200)).Items
            .Single(r => r.ModelName == "fraud-autoencoder" && r.Stage == Stage.Staging);

    [Fact]
    public async Task PromotionGates_ForTheApi_SameGatesAsTheReviewPage_InHalfTheStatementsOrFewer()
    {
        var request = await DemoRequestAsync();
        var queries = factory.Get<PromotionQueries>();
        var (detail, reviewStatements) = await StatementCounter.Measure(() => queries.DetailAsync(request.Id));
        var (gates, apiStatements) = await StatementCounter.Measure(() => queries.GatesAsync(request.Id));

        Assert.Equal(detail!.Gates.DecisionHash, gates!.Gates.DecisionHash);
        Assert.Equal(detail.Gates.Checks.Select(c => (c.Check, c.Status, c.Reason)), gates.Gates.Checks.Select(c => (c.Check, c.Status, c.Reason)));
        Assert.Equal("fraud-autoencoder", gates.Request.ModelName);
        // The request, its version, its use, the policy, evaluations, producing runs, findings, and the published card with
        // its facts (card, revision, then model, run, inputs, evaluations, endpoints, uses): 15.
        Assert.True(apiStatements.Count <= 15, $"{apiStatements.Count} statements:\n{string.Join("\n---\n", apiStatements)}");
        Assert.True(reviewStatements.Count > apiStatements.Count);
    }

    [Fact]
    public async Task EvaluationPolicies_ForAVersionServingNoUse_EveryTierAndStageInOneStatement_SameRulesAsOnePolicyAtATime()
    {
        var policies = factory.Get<PolicyService>();
        var stages = new[] { Stage.Staging, Stage.Production };
        await using var db = factory.NewDb();
        var (rules, statements) = await StatementCounter.Measure(() =>
            EvaluationPolicies.ForAsync(db, policies, [], EvaluationKind.Bias, DeploymentEnvironment.Staging, CancellationToken.None));

        var expected = new List<(RiskTier, Stage, int)>();
        foreach (var tier in Enum.GetValues<RiskTier>())
        foreach (var stage in stages)
            if (await policies.CurrentAsync(db, tier, stage) is { } p && PolicyYaml.Parse(p.Yaml).Value is { } d && d.AcceptsEvidenceFrom(DeploymentEnvironment.Staging))
                expected.AddRange(d.Evidence.Where(r => r.Kind == EvaluationKind.Bias).Select(_ => (tier, stage, p.Version)));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rules.Select(r => (r.RiskTier, r.Stage, r.PolicyVersion)));
        Assert.Single(statements);
    }

    [Fact]
    public async Task InForce_AfterANewPolicyVersion_IsThatVersion()
    {
        var policies = factory.Get<PolicyService>();
        await using var db = factory.NewDb();
        var before = (await policies.CurrentAsync(db, RiskTier.Limited, Stage.Production))!;
        var changed = PolicyYaml.Write(PolicyYaml.Parse(before.Yaml).Value! with { AllowStaleCard = !PolicyYaml.Parse(before.Yaml).Value!.AllowStaleCard });
        Assert.True((await policies.SaveAsync(PortalFactory.Admin, changed, "next version")).Succeeded);

        var inForce = await policies.InForceAsync(db, [RiskTier.Limited], [Stage.Production]);
        Assert.Equal(before.Version + 1, Assert.Single(inForce).Version);
        Assert.Equal(before.Version + 1, (await policies.CurrentAsync(db, RiskTier.Limited, Stage.Production))!.Version);
        Assert.Contains(await policies.CurrentAllAsync(), r => r.RiskTier == RiskTier.Limited && r.TargetStage == Stage.Production && r.Version == before.Version + 1);
    }
}
