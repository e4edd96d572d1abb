using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Identity;
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

    // The promotion review page (ADR 0075): the request with its version, model and use in one statement the gates take as
    // read, the findings around the version in one (were five), the previous approval's model as a subquery, and the sign
    // panel from the request already read. This demo request has a published card (its facts: 7 statements) and a previous
    // approval to diff with (9): 23, where it was 30 for the detail plus 2 for a risk reviewer's sign panel.
    [Fact]
    public async Task PromotionPage_ForASigningReviewerAndTheRequester_23StatementsOrFewer_SamePanelAsTheSigningQuery()
    {
        var request = (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Pending, pageSize: 200)).Items
            .Single(r => r.ModelName == "fraud-gbt" && r.Stage == Stage.Production);
        var queries = factory.Get<PromotionQueries>();
        var risk = PromotionScenario.Person("risk@demo.local", Roles.RiskReviewer);
        var requester = new GovernancePortal.Core.Common.Caller(GovernancePortal.Core.Audit.Actor.User(request.RequestedById!, request.RequestedBy),
            new HashSet<string> { Roles.DataScientist });

        foreach (var caller in new[] { risk, requester })
        {
            var (detail, statements) = await StatementCounter.Measure(() => queries.DetailAsync(request.Id, caller));
            var alone = await queries.SigningStateAsync(caller, request.Id);
            Assert.Equal(alone.Signable, detail!.Signing!.Signable);
            Assert.Equal(alone.WhyNot, detail.Signing.WhyNot);
            Assert.Equal(alone.IsRequester, detail.Signing.IsRequester);
            Assert.NotEmpty(detail.Findings);
            Assert.True(statements.Count <= 23, $"{statements.Count} statements:\n{string.Join("\n---\n", statements)}");
        }
        Assert.Equal([ReviewerRole.Risk], (await queries.DetailAsync(request.Id, risk))!.Signing!.Signable);
        Assert.True((await queries.DetailAsync(request.Id, requester))!.Signing!.IsRequester);
    }

    // The model-version page's promotion history without the list's total, and its lineage neighbours' edges both ways in
    // one statement (ADR 0075): each was one statement more.
    [Fact]
    public async Task VersionPage_PromotionHistoryInOneStatement_NeighbourEdgesInOne_SameRowsAsBefore()
    {
        var request = (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Pending, pageSize: 200)).Items
            .Single(r => r.ModelName == "fraud-gbt" && r.Stage == Stage.Production);
        var queries = factory.Get<PromotionQueries>();
        var (rows, historyStatements) = await StatementCounter.Measure(() => queries.OfVersionAsync(request.ModelVersionId));
        Assert.Equal((await queries.ListAsync(null, request.ModelVersionId, pageSize: 50)).Items.Select(r => r.Id), rows.Select(r => r.Id));
        Assert.True(rows.Count >= 2);
        Assert.Single(historyStatements);

        var (neighbours, lineageStatements) = await StatementCounter.Measure(() => factory.Get<LineageNeighbours>().OfAsync(request.ModelVersionId));
        await using var db = factory.NewDb();
        var upstream = db.LineageEdges.Where(e => e.ToId == request.ModelVersionId).OrderBy(e => e.Id).Select(e => e.FromId).ToList();
        var downstream = db.LineageEdges.Where(e => e.FromId == request.ModelVersionId).OrderBy(e => e.Id).Select(e => e.ToId).ToList();
        Assert.Equal(upstream, neighbours.Upstream.Select(n => n.Id));
        Assert.Equal(downstream, neighbours.Downstream.Select(n => n.Id));
        Assert.NotEmpty(upstream);
        Assert.NotEmpty(downstream);
        Assert.DoesNotContain(neighbours.Upstream.Concat(neighbours.Downstream), n => n.Label == "(missing)");
        var types = neighbours.Upstream.Concat(neighbours.Downstream).Select(n => n.Type).Distinct().Count();
        Assert.Equal(1 + types, lineageStatements.Count); // the edges, then one label statement per node type
    }
}
