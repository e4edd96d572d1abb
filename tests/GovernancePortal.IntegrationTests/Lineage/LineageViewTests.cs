using System.Net;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Lineage.Layout;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Lineage;

public class LineageViewTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task BothDirections_DrawAnEdgeFromAnUpstreamNodeToADownstreamOne()
    {
        // A model evaluated on its own training data: the dataset is upstream of the version, the evaluation downstream.
        Guid version, dataset, evaluation;
        await using (var db = factory.NewDb())
        {
            var pair = await db.LineageEdges.Where(e => e.Kind == EdgeKind.Evaluated)
                .Select(e => new
                {
                    Version = e.FromId, Evaluation = e.ToId,
                    Dataset = db.LineageEdges.Where(p => p.Kind == EdgeKind.Produced && p.ToId == e.FromId)
                        .SelectMany(p => db.LineageEdges.Where(c => c.ToId == p.FromId && c.FromType == NodeType.DatasetVersion).Select(c => c.FromId))
                        .FirstOrDefault(),
                })
                .FirstAsync(x => x.Dataset != Guid.Empty);
            (version, dataset, evaluation) = (pair.Version, pair.Dataset, pair.Evaluation);
            db.Actor = Actor.System("test");
            if (!await db.LineageEdges.AnyAsync(e => e.FromId == dataset && e.ToId == evaluation))
            {
                db.Add(Edges.EvaluatedOn(dataset, evaluation, DateTime.UtcNow));
                await db.SaveChangesAsync();
            }
        }

        var graph = (await factory.Get<LineageViewService>().LoadAsync(NodeType.ModelVersion, version, 3, LineageScope.Both))!;
        Assert.Contains(graph.Edges, e => e.FromId == dataset && e.ToId == evaluation);
    }

    [Theory]
    [InlineData("?depth=abc")]
    [InlineData("?depth=99999999999")]
    [InlineData("?depth=-5&scope=bogus")]
    public async Task MalformedQuery_StillRendersThePage(string query)
    {
        Guid id;
        await using (var db = factory.NewDb()) id = await db.DatasetVersions.Select(v => v.Id).FirstAsync();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await LoginClient.PostLoginAsync(client, "compliance@demo.local", PortalFactory.Password);
        var response = await client.GetAsync($"/lineage/DatasetVersion/{id}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("lineage-explorer", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("ModelVersion", true)]
    [InlineData("modelversion", true)]
    [InlineData("1", false)]
    [InlineData("DatasetVersion,TrainingRun", false)]
    [InlineData("Nope", false)]
    [InlineData("", false)]
    public void NodeTypeNames_AcceptOnlyNames(string text, bool ok) => Assert.Equal(ok, NodeTypeNames.TryParse(text, out _));

    [Fact]
    public async Task Evaluations_CarryTheirOutcome_AndNameTheirModel()
    {
        Guid version;
        await using (var db = factory.NewDb())
            version = await db.ModelVersions.Where(v => v.Model!.Name == "credit-risk-xgb" && v.Version == "1.2.0").Select(v => v.Id).SingleAsync();

        var graph = (await factory.Get<LineageViewService>().LoadAsync(NodeType.ModelVersion, version, 1, LineageScope.Downstream))!;

        var evaluations = graph.Nodes.Where(n => n.Type == NodeType.Evaluation).ToList();
        Assert.Equal(false, Assert.Single(evaluations, n => n.Label == "Bias · credit-risk-xgb v1.2.0").Passed);
        Assert.Equal(true, Assert.Single(evaluations, n => n.Label == "Performance · credit-risk-xgb v1.2.0").Passed);
        Assert.All(graph.Nodes.Where(n => n.Type != NodeType.Evaluation), n => Assert.Null(n.Passed));
    }
}
