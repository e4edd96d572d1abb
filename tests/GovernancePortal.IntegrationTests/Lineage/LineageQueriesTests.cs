using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Lineage;

/// <summary>Closure queries over the demo lineage (credit-risk-xgb 1.0.0 → 1.1.0 → 1.2.0 fine-tuning chain).</summary>
public class LineageQueriesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<Guid> VersionIdAsync(string model, string version)
    {
        await using var db = factory.NewDb();
        return await db.ModelVersions.Where(v => v.Model!.Name == model && v.Version == version).Select(v => v.Id).SingleAsync();
    }

    [Fact]
    public async Task Upstream_OfCandidate_ReachesTheBaseVersionsAndTheirData()
    {
        var candidate = await VersionIdAsync("credit-risk-xgb", "1.2.0");
        var graph = (await factory.Get<LineageQueries>().ClosureAsync(NodeType.ModelVersion, candidate, Direction.Upstream, 10))!;

        var first = await VersionIdAsync("credit-risk-xgb", "1.0.0");
        Assert.Contains(graph.Nodes, n => n.Id == first && n.Depth == 4);
        Assert.Contains(graph.Nodes, n => n.Type == NodeType.DatasetVersion && n.Label == "credit/applications @ 2024-Q4");
        Assert.DoesNotContain(graph.Nodes, n => n.Type == NodeType.Evaluation);
        Assert.All(graph.Edges, e => Assert.Contains(graph.Nodes, n => n.Id == e.ToId));
    }

    [Fact]
    public async Task Upstream_DepthLimit_StopsTheWalk()
    {
        var candidate = await VersionIdAsync("credit-risk-xgb", "1.2.0");
        var graph = (await factory.Get<LineageQueries>().ClosureAsync(NodeType.ModelVersion, candidate, Direction.Upstream, 1))!;
        Assert.Equal([0, 1], graph.Nodes.Select(n => n.Depth).Distinct().Order());
        Assert.Single(graph.Nodes, n => n.Type == NodeType.TrainingRun);
    }

    [Fact]
    public async Task Downstream_OfDataset_ReachesModelsEvaluationsAndEndpoints()
    {
        await using var db = factory.NewDb();
        var dataset = await db.DatasetVersions.Where(v => v.Dataset!.Name == "payments/card-transactions" && v.Version == "2025-09").Select(v => v.Id).SingleAsync();
        var graph = (await factory.Get<LineageQueries>().ClosureAsync(NodeType.DatasetVersion, dataset, Direction.Downstream, 5))!;
        Assert.Contains(graph.Nodes, n => n.Type == NodeType.ModelVersion && n.Label == "fraud-gbt v4.3.0");
        Assert.Contains(graph.Nodes, n => n.Type == NodeType.Endpoint && n.Label.StartsWith("fraud-scoring"));
        Assert.Contains(graph.Nodes, n => n.Type == NodeType.Evaluation);
    }

    [Fact]
    public async Task Api_Closure_AndBadDirection400_AndUnknown404()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var candidate = await VersionIdAsync("credit-risk-xgb", "1.2.0");
        var body = await api.GetFromJsonAsync<JsonElement>($"/api/v1/lineage/modelVersion/{candidate}?direction=upstream&depth=3");
        Assert.True(body.GetProperty("nodes").GetArrayLength() > 3);
        Assert.True(body.GetProperty("edges").GetArrayLength() > 2);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/lineage/modelVersion/{candidate}?direction=sideways")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/lineage/modelVersion/{Guid.NewGuid()}")).StatusCode);
    }
}
