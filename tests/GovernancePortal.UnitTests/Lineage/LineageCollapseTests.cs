using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage.Layout;

namespace GovernancePortal.UnitTests.Lineage;

public class LineageCollapseTests
{
    [Fact]
    public void Collapse_SmallGraph_KeepsEverythingWithoutMoreNodes()
    {
        var (g, model, _) = LineageGraphs.Typical();

        var view = LineageCollapse.Collapse(model, g.Nodes, g.Edges, LineageScope.Both);

        // The test dataset is neither upstream nor downstream of the model, so "both" does not reach it.
        Assert.Equal(6, view.Nodes.Count);
        Assert.DoesNotContain(view.Nodes, n => n.IsMore);
        Assert.Single(view.Nodes, n => n.IsRoot && n.Id == model);
    }

    [Fact]
    public void Collapse_MoreThanTwelveSiblings_BecomeOneMoreNode()
    {
        var (g, data) = LineageGraphs.FanOut(30);

        var view = LineageCollapse.Collapse(data, g.Nodes, g.Edges, LineageScope.Downstream);

        var runs = view.Nodes.Where(n => n.Type == NodeType.TrainingRun).ToList();
        Assert.Equal(12, runs.Count);
        var more = Assert.Single(runs, n => n.IsMore);
        Assert.Equal(19, more.Hidden);
        Assert.Equal("+19 more", more.Label);
        Assert.Equal(data, more.CollapsedUnder);
        Assert.Contains(view.Edges, e => e.FromId == data && e.ToId == more.Id && e.Kind == EdgeKind.Consumed);
    }

    [Fact]
    public void Collapse_ExpandedParent_ShowsUpToSixtySiblings()
    {
        var (g, data) = LineageGraphs.FanOut(30);

        var view = LineageCollapse.Collapse(data, g.Nodes, g.Edges, LineageScope.Downstream, expanded: new HashSet<Guid> { data });

        Assert.Equal(30, view.Nodes.Count(n => n.Type == NodeType.TrainingRun && !n.IsMore));
    }

    [Fact]
    public void Collapse_HugeFanOut_CapsAtTwoHundredNodesAndCountsTheRest()
    {
        var (g, data) = LineageGraphs.FanOut(3000);

        var view = LineageCollapse.Collapse(data, g.Nodes, g.Edges, LineageScope.Downstream, siblingLimit: 5000);

        Assert.Equal(LineageCollapse.MaxNodes, view.Nodes.Count);
        var hidden = view.Nodes.Sum(n => n.Hidden) + view.NotShown;
        Assert.Equal(g.Nodes.Count, view.Nodes.Count(n => !n.IsMore) + hidden);
        Assert.All(view.Edges, e => Assert.Contains(view.Nodes, n => n.Id == e.ToId));
    }

    [Fact]
    public void Collapse_SameInput_SameOutput()
    {
        var (g, data) = LineageGraphs.FanOut(40);

        var first = LineageCollapse.Collapse(data, g.Nodes, g.Edges, LineageScope.Both);
        var second = LineageCollapse.Collapse(data, g.Nodes.AsEnumerable().Reverse().ToList(), g.Edges.AsEnumerable().Reverse().ToList(), LineageScope.Both);

        Assert.Equal(first.Nodes.Select(n => n.Id), second.Nodes.Select(n => n.Id));
    }
}
