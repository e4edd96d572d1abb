using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage.Layout;

namespace GovernancePortal.UnitTests.Lineage;

public class LineagePathTests
{
    [Fact]
    public void Between_DataAndEndpoint_HighlightsTheChainBetweenThem()
    {
        var (g, model, data) = LineageGraphs.Typical();
        var view = LineageCollapse.Collapse(model, g.Nodes, g.Edges, LineageScope.Both);
        var endpoint = g.Nodes.Single(n => n.Type == NodeType.Endpoint).Id;

        var path = LineagePath.Between(view, endpoint, data);

        Assert.Equal(4, path.Nodes.Count); // data, run, model, endpoint; not the evaluation or the base model
        Assert.Equal(3, path.Edges.Count);
        Assert.DoesNotContain(g.Nodes.Single(n => n.Type == NodeType.Evaluation).Id, path.Nodes);
    }

    [Fact]
    public void Between_SiblingBranches_FallsBackToTheShortestUndirectedPath()
    {
        var (g, model, _) = LineageGraphs.Typical();
        var view = LineageCollapse.Collapse(model, g.Nodes, g.Edges, LineageScope.Both);
        var eval = g.Nodes.Single(n => n.Type == NodeType.Evaluation).Id;
        var endpoint = g.Nodes.Single(n => n.Type == NodeType.Endpoint).Id;

        var path = LineagePath.Between(view, eval, endpoint);

        Assert.Equal(new HashSet<Guid> { eval, model, endpoint }, path.Nodes);
        Assert.Equal(2, path.Edges.Count);
    }
}
