using System.Net.Http.Json;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Findings;

/// <summary>Each rule with a minimal graph that triggers it, next to demo entities that must not be flagged.</summary>
public class ConsistencyCheckerTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<List<Finding>> CheckAsync()
    {
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        return (await factory.Get<FindingsService>().ListAsync(new(ActiveOnly: true), 0, 200)).Items.ToList();
    }

    private Task SqlAsync(string sql) => TestDatabase.ExecuteAsync(factory.ConnectionString, sql);

    private async Task<(Guid Version, Guid Run)> DemoVersionAsync(string model, string version)
    {
        await using var db = factory.NewDb();
        var v = await db.ModelVersions.SingleAsync(x => x.Model!.Name == model && x.Version == version);
        var run = await db.LineageEdges.Where(e => e.ToId == v.Id && e.Kind == EdgeKind.Produced).Select(e => e.FromId).SingleAsync();
        return (v.Id, run);
    }

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    [Fact]
    public async Task DemoData_HasOneFindingOfEachKind_AndCleanEntitiesAreNotFlagged()
    {
        var findings = await CheckAsync();
        FindingRule[] lineage = [FindingRule.ModelVersionWithoutRun, FindingRule.RunConsumedUnregisteredDataset, FindingRule.DigestConflict,
            FindingRule.DeploymentServesUnregisteredDigest, FindingRule.LineageCycle, FindingRule.EvaluationOfChangedDigest, FindingRule.UntrackedPromotion];
        Assert.All(lineage, rule => Assert.Contains(findings, f => f.Rule == rule));
        Assert.Contains(findings, f => f.Rule == FindingRule.DeploymentServesUnregisteredDigest && f.Message.Contains("fraud-scoring (Production)"));
        var (clean, cleanRun) = await DemoVersionAsync("credit-risk-xgb", "1.1.0");
        // Clean as far as lineage goes (its evidence has aged: that is another signal's finding).
        Assert.DoesNotContain(findings, f => f.Signal == FindingSignal.InconsistentLineage && (f.EntityId == clean || f.EntityId == cleanRun));
    }

    [Fact]
    public async Task ModelVersionWithoutRun_Flagged()
    {
        var id = (await factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist, new("orphan", "1", "onnx", "s3://o", Sha.Of("orphan")))).Value;
        var findings = await CheckAsync();
        Assert.Contains(findings, f => f.Rule == FindingRule.ModelVersionWithoutRun && f.EntityId == id);
        var (withRun, _) = await DemoVersionAsync("credit-risk-lgbm", "0.9.0");
        Assert.DoesNotContain(findings, f => f.Rule == FindingRule.ModelVersionWithoutRun && f.EntityId == withRun);
    }

    [Fact]
    public async Task RunConsumedUnregisteredDataset_Flagged()
    {
        var (_, otherRun) = await DemoVersionAsync("fraud-gbt", "4.2.0");
        await SqlAsync($"INSERT INTO \"LineageEdges\" (\"FromId\", \"FromType\", \"ToId\", \"ToType\", \"Kind\", \"CreatedAt\") VALUES ('{Text(Guid.NewGuid())}', 'DatasetVersion', '{Text(otherRun)}', 'TrainingRun', 'Consumed', '2026-01-01 00:00:00')");
        var flagged = (await CheckAsync()).Where(f => f.Rule == FindingRule.RunConsumedUnregisteredDataset).Select(f => f.EntityId).ToList();
        Assert.Contains(otherRun, flagged);
        var (_, cleanRun) = await DemoVersionAsync("credit-risk-xgb", "1.1.0");
        Assert.DoesNotContain(cleanRun, flagged);
    }

    [Fact]
    public async Task DigestConflictReportedThroughTheApi_Flagged()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        await api.PostAsJsonAsync("/api/v1/models/credit-risk-xgb/versions", new { version = "1.1.0", artifactUri = "s3://x", sha256 = Sha.Of("impostor"), framework = "xgboost" });
        var (version, _) = await DemoVersionAsync("credit-risk-xgb", "1.1.0");
        var finding = Assert.Single(await CheckAsync(), f => f.Rule == FindingRule.DigestConflict && f.EntityId == version);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
    }

    [Fact]
    public async Task LineageCycle_FlaggedAndResolvedOnceRemoved()
    {
        var (version, run) = await DemoVersionAsync("marketing-propensity", "2.1.0");
        await SqlAsync($"INSERT INTO \"LineageEdges\" (\"FromId\", \"FromType\", \"ToId\", \"ToType\", \"Kind\", \"CreatedAt\") VALUES ('{Text(version)}', 'ModelVersion', '{Text(run)}', 'TrainingRun', 'Consumed', '2026-01-01 00:00:00')");
        var cycle = (await CheckAsync()).Where(f => f.Rule == FindingRule.LineageCycle).Select(f => f.EntityId).ToHashSet();
        Assert.Contains(version, cycle);
        Assert.Contains(run, cycle);
        var (clean, cleanRun) = await DemoVersionAsync("credit-risk-xgb", "1.1.0");
        Assert.DoesNotContain(clean, cycle);

        await SqlAsync($"DELETE FROM \"LineageEdges\" WHERE \"FromId\" = '{Text(version)}' AND \"ToId\" = '{Text(run)}'");
        Assert.DoesNotContain(await CheckAsync(), f => f.Rule == FindingRule.LineageCycle && (f.EntityId == version || f.EntityId == run));
        var resolved = await factory.Get<FindingsService>().ListAsync(new(Rule: FindingRule.LineageCycle), 0, 10);
        Assert.Contains(resolved.Items, f => f.EntityId == version && f.ResolvedAt is not null);
    }

    [Fact]
    public async Task EvaluationOfChangedDigest_FlaggedOnlyForThatVersionsEvaluations()
    {
        var (version, _) = await DemoVersionAsync("fraud-gbt", "4.3.0");
        await SqlAsync($"UPDATE \"ModelVersions\" SET \"Sha256\" = '{Sha.Of("re-registered")}' WHERE \"Id\" = '{Text(version)}'");
        await using var db = factory.NewDb();
        var evaluations = await db.Evaluations.Where(e => e.ModelVersionId == version).Select(e => e.Id).ToListAsync();
        var flagged = (await CheckAsync()).Where(f => f.Rule == FindingRule.EvaluationOfChangedDigest).Select(f => f.EntityId).ToList();
        Assert.All(evaluations, e => Assert.Contains(e, flagged));
        var (clean, _) = await DemoVersionAsync("credit-risk-xgb", "1.1.0");
        var cleanEvaluations = await db.Evaluations.Where(e => e.ModelVersionId == clean).Select(e => e.Id).ToListAsync();
        Assert.All(cleanEvaluations, e => Assert.DoesNotContain(e, flagged));
    }

    [Fact]
    public async Task SecondRunWithoutChanges_WritesNothing()
    {
        await CheckAsync();
        // The engine's own entries: the first run's new findings set other system writers going (webhook delivery,
        // promotion revalidation), whose entries may land between the two counts and are not the engine's doing.
        var engine = FindingsEngine.EngineActor.Name;
        await using var before = factory.NewDb();
        var audit = await before.AuditEntries.CountAsync(e => e.Actor == engine);
        await CheckAsync();
        await using var after = factory.NewDb();
        Assert.Equal(audit, await after.AuditEntries.CountAsync(e => e.Actor == engine));
    }
}
