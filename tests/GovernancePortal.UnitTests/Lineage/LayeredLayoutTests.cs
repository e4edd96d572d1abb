using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage.Layout;

namespace GovernancePortal.UnitTests.Lineage;

public class LayeredLayoutTests
{
    private static LineageLayout Lay(LineageGraphs g, Guid root, LineageScope scope = LineageScope.Both) =>
        LayeredLayout.Compute(LineageCollapse.Collapse(root, g.Nodes, g.Edges, scope));

    public static TheoryData<int> FanOuts => [1, 5, 30, 400];

    [Theory, MemberData(nameof(FanOuts))]
    public void Compute_NodesNeverOverlap(int runs)
    {
        var (g, data) = LineageGraphs.FanOut(runs);
        var layout = Lay(g, data);

        foreach (var a in layout.Nodes)
            foreach (var b in layout.Nodes.Where(b => b != a))
                Assert.False(a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height,
                    $"{a.Node.Label} overlaps {b.Node.Label}");
        Assert.All(layout.Nodes, n => Assert.True(n.X >= 0 && n.Y >= 0 && n.X + n.Width <= layout.Width && n.Y + n.Height <= layout.Height));
    }

    [Theory, MemberData(nameof(FanOuts))]
    public void Compute_EveryEdgeGoesLeftToRight(int runs)
    {
        var (g, data) = LineageGraphs.FanOut(runs);
        var layout = Lay(g, data);

        var byId = layout.Nodes.ToDictionary(n => n.Node.Id);
        Assert.All(layout.Edges, e =>
        {
            Assert.True(byId[e.Edge.FromId].X + byId[e.Edge.FromId].Width <= byId[e.Edge.ToId].X);
            Assert.All(e.Points.Zip(e.Points.Skip(1)), p => Assert.True(p.First.X <= p.Second.X));
        });
    }

    [Fact]
    public void Compute_TypicalLineage_ReadsDataRunModelEvaluation()
    {
        var (g, model, _) = LineageGraphs.Typical();
        var layout = Lay(g, model);

        int Layer(NodeType t) => layout.Nodes.First(n => n.Node.Type == t).Layer;
        Assert.True(Layer(NodeType.DatasetVersion) < Layer(NodeType.TrainingRun));
        Assert.True(Layer(NodeType.TrainingRun) < Layer(NodeType.ModelVersion));
        Assert.True(Layer(NodeType.ModelVersion) < Layer(NodeType.Evaluation));
        // The base model is a source: it sits next to the run that fine-tuned it, not at the far left of a longer chain.
        Assert.Equal(layout.Nodes.Single(n => n.Node.Id == model).Layer, Layer(NodeType.Endpoint) - 1);
    }

    [Fact]
    public void Compute_SameInput_SameLayout()
    {
        var (g, data) = LineageGraphs.FanOut(60);

        var first = Lay(g, data);
        var second = Lay(g, data);

        Assert.Equal(first.Nodes.Select(n => (n.Node.Id, n.X, n.Y)), second.Nodes.Select(n => (n.Node.Id, n.X, n.Y)));
        Assert.Equal(first.Edges.SelectMany(e => e.Points), second.Edges.SelectMany(e => e.Points));
    }

    [Fact]
    public void Compute_HugeFanOut_AtMostTwoHundredNodesWithMoreNodes()
    {
        var (g, data) = LineageGraphs.FanOut(3400);   // ~6,800 downstream nodes, like a widely shared dataset version
        var layout = Lay(g, data, LineageScope.Downstream);

        Assert.InRange(layout.Nodes.Count, 2, LineageCollapse.MaxNodes);
        Assert.Contains(layout.Nodes, n => n.Node.IsMore && n.Node.Hidden > 3000);
    }

    [Fact]
    public void Compute_LongEdge_BendsThroughTheLayersBetween()
    {
        var g = new LineageGraphs();
        var data = g.Add(NodeType.DatasetVersion);
        var run = g.Add(NodeType.TrainingRun);
        var model = g.Add(NodeType.ModelVersion);
        var eval = g.Add(NodeType.Evaluation);
        g.Link(data, run, EdgeKind.Consumed);
        g.Link(run, model, EdgeKind.Produced);
        g.Link(model, eval, EdgeKind.Evaluated);
        g.Link(data, eval, EdgeKind.EvaluatedOn);

        var layout = Lay(g, data, LineageScope.Downstream);

        var longEdge = layout.Edges.Single(e => e.Edge.Kind == EdgeKind.EvaluatedOn);
        Assert.Equal(2 + 2 * 2, longEdge.Points.Count);
    }

    [Fact]
    public void Compute_Cycle_StillLaysOutEveryNode()
    {
        var g = new LineageGraphs();
        var run = g.Add(NodeType.TrainingRun);
        var data = g.Add(NodeType.DatasetVersion);
        g.Link(run, data, EdgeKind.Produced);
        g.Link(data, run, EdgeKind.Consumed);

        var layout = Lay(g, run);

        Assert.Equal(2, layout.Nodes.Count);
        Assert.Equal(2, layout.Edges.Count);
    }
}
