using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Findings;

/// <summary>
/// Incremental passes over an ingest burst (thousands of unrelated edge changes) still raise and resolve exactly what
/// they did when each rule looked its scope up 500 ids at a time (ADR 0074). The background runner is removed so every
/// pass here is the one the test asks for.
/// </summary>
public class IngestBurstScopeTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new()
    {
        ServiceOverrides = s => { foreach (var d in s.Where(d => d.ImplementationType == typeof(RegisterChangeRunner)).ToList()) s.Remove(d); },
    };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static RegisterChange Edge(Guid to, Guid from, ChangeKind kind = ChangeKind.Created) => new(nameof(LineageEdge), to, kind, from);
    private static IEnumerable<RegisterChange> Burst(int edges) => Enumerable.Range(0, edges).Select(_ => Edge(Guid.NewGuid(), Guid.NewGuid()));

    private async Task<LineageEdge> AddEdgeAsync(Guid from, NodeType fromType, Guid to, NodeType toType, EdgeKind kind)
    {
        await using var db = factory.NewDb();
        db.Actor = Actor.System("test");
        var edge = new LineageEdge { FromId = from, FromType = fromType, ToId = to, ToType = toType, Kind = kind, CreatedAt = DateTime.UtcNow };
        db.LineageEdges.Add(edge);
        await db.SaveChangesAsync();
        return edge;
    }

    private async Task<Finding?> FindingAsync(FindingRule rule, Guid entity)
    {
        await using var db = factory.NewDb();
        return await db.Findings.AsNoTracking().SingleOrDefaultAsync(f => f.Rule == rule && f.EntityId == entity);
    }

    [Fact]
    public async Task VersionWithoutRun_IsResolvedByItsProducingEdge_ArrivingInABurstOfUnrelatedEdges()
    {
        var engine = factory.Get<FindingsEngine>();
        var version = (await factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist,
            new("burst-orphan", "1.0", "onnx", "s3://b", Sha.Of("burst-orphan")))).Value;
        await engine.EvaluateAsync(new ChangeSet([new(nameof(ModelVersion), version, ChangeKind.Created)]), "test");
        Assert.Null((await FindingAsync(FindingRule.ModelVersionWithoutRun, version))!.ResolvedAt);

        var run = Guid.NewGuid();
        await AddEdgeAsync(run, NodeType.TrainingRun, version, NodeType.ModelVersion, EdgeKind.Produced);
        await engine.EvaluateAsync(new ChangeSet([.. Burst(1_200), Edge(version, run)]), "test");

        Assert.NotNull((await FindingAsync(FindingRule.ModelVersionWithoutRun, version))!.ResolvedAt);
    }

    [Fact]
    public async Task RunConsumedUnregisteredDataset_InABurst_ResolvesWhatLeftItsScope_AndLeavesOpenWhatWasNotInIt()
    {
        var engine = factory.Get<FindingsEngine>();
        var (gone, kept, dataset) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var edge = await AddEdgeAsync(dataset, NodeType.DatasetVersion, gone, NodeType.TrainingRun, EdgeKind.Consumed);
        await AddEdgeAsync(dataset, NodeType.DatasetVersion, kept, NodeType.TrainingRun, EdgeKind.Consumed);
        await engine.EvaluateAsync(new ChangeSet([Edge(gone, dataset), Edge(kept, dataset)]), "test");
        Assert.Null((await FindingAsync(FindingRule.RunConsumedUnregisteredDataset, gone))!.ResolvedAt);
        Assert.Null((await FindingAsync(FindingRule.RunConsumedUnregisteredDataset, kept))!.ResolvedAt);

        // The edge is removed; the pass follows 1,200 other edges too: more ids in scope than the rule has open findings.
        await using (var db = factory.NewDb())
        {
            db.Actor = Actor.System("test");
            db.LineageEdges.Remove(await db.LineageEdges.SingleAsync(e => e.Id == edge.Id));
            await db.SaveChangesAsync();
        }
        await engine.EvaluateAsync(new ChangeSet([.. Burst(1_200), Edge(gone, dataset, ChangeKind.Deleted)]), "test");

        Assert.NotNull((await FindingAsync(FindingRule.RunConsumedUnregisteredDataset, gone))!.ResolvedAt);
        Assert.Null((await FindingAsync(FindingRule.RunConsumedUnregisteredDataset, kept))!.ResolvedAt);
    }
}
