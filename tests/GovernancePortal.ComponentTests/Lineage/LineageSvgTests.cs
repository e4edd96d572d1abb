using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage.Layout;
using GovernancePortal.Web.Features.Lineage;
using Microsoft.AspNetCore.Components.Web;

namespace GovernancePortal.ComponentTests.Lineage;

public class LineageSvgTests : ComponentTestBase
{
    private static readonly Guid Data = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Run = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Model = Guid.Parse("00000000-0000-0000-0000-000000000003");
    private static readonly Guid More = Guid.Parse("00000000-0000-0000-0000-000000000004");

    /// <summary>data → run → model (Production, two open findings) → "+19 more" evaluations.</summary>
    private static LineageLayout Layout() => LayeredLayout.Compute(new ViewGraph(Model,
        [
            new ViewNode(Data, NodeType.DatasetVersion, "credit/applications @ 2025-Q2") { Depth = 2 },
            new ViewNode(Run, NodeType.TrainingRun, "train-credit") { Depth = 1 },
            new ViewNode(Model, NodeType.ModelVersion, "credit-risk v1.2.0") { IsRoot = true, Stage = Stage.Production, OpenFindings = 2, FindingSummary = "no run" },
            new ViewNode(More, NodeType.Evaluation, "+19 more") { Depth = 1, Hidden = 19, CollapsedUnder = Model },
        ],
        [new ViewEdge(Data, Run, EdgeKind.Consumed), new ViewEdge(Run, Model, EdgeKind.Produced), new ViewEdge(Model, More, EdgeKind.Evaluated)]));

    [Fact]
    public void Render_OneGroupWithABoxPerNode_ClassedByType()
    {
        var cut = Ctx.Render<LineageSvg>(p => p.Add(c => c.Layout, Layout()));

        var nodes = cut.FindAll("g.node");
        Assert.Equal(4, nodes.Count);
        Assert.All(nodes, n => Assert.NotNull(n.QuerySelector("rect.box")));
        Assert.Single(cut.FindAll("g.node.node-DatasetVersion"));
        Assert.Single(cut.FindAll("g.node.node-TrainingRun"));
        Assert.Equal(Model.ToString(), cut.Find("g.node.root").GetAttribute("data-id"));
        Assert.All(nodes, n => Assert.Equal("0", n.GetAttribute("tabindex")));
    }

    [Fact]
    public void Render_ProductionStage_BoldBadge_AndFindingsCount()
    {
        var cut = Ctx.Render<LineageSvg>(p => p.Add(c => c.Layout, Layout()));

        var stage = cut.Find("g.node-ModelVersion g.stage-Production text");
        Assert.Equal("Production", stage.TextContent);
        Assert.Equal("700", stage.GetAttribute("font-weight"));
        Assert.Equal("2", cut.Find("g.node-ModelVersion g.finding text").TextContent);
        Assert.Contains("2 open findings: no run", cut.Find("g.node-ModelVersion > title").TextContent);
    }

    [Fact]
    public void Render_MoreNode_ShowsHowManyAreCollapsed()
    {
        var cut = Ctx.Render<LineageSvg>(p => p.Add(c => c.Layout, Layout()));

        var more = cut.Find("g.node.more");
        Assert.Contains("+19 more evaluations", more.TextContent);
        Assert.Contains("more", more.GetAttribute("class"));
    }

    [Fact]
    public void Render_EdgeTitle_NamesKindAndEnds()
    {
        var cut = Ctx.Render<LineageSvg>(p => p.Add(c => c.Layout, Layout()));

        var titles = cut.FindAll("g.edge > title").Select(t => t.TextContent).ToList();
        Assert.Contains("Consumed: credit/applications @ 2025-Q2 → train-credit", titles);
        Assert.Single(cut.FindAll("g.edge.edge-Produced"));
    }

    [Fact]
    public void Click_ShiftClick_DoubleClickAndEnter_ReachTheCallbacks()
    {
        var clicks = new List<NodeClick>();
        var opened = new List<Guid>();
        var cut = Ctx.Render<LineageSvg>(p => p.Add(c => c.Layout, Layout())
            .Add(c => c.OnNodeClick, clicks.Add).Add(c => c.OnNodeOpen, n => opened.Add(n.Id)));

        cut.Find($"g.node[data-id='{Data}']").Click();
        cut.Find($"g.node[data-id='{Run}']").Click(new MouseEventArgs { ShiftKey = true });
        cut.Find($"g.node[data-id='{Data}']").DoubleClick();
        cut.Find($"g.node[data-id='{Run}']").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal([(Data, false), (Run, true)], clicks.Select(c => (c.Node.Id, c.Shift)));
        Assert.Equal([Data, Run], opened);
    }

    [Fact]
    public void Render_PathHighlight_MarksPathAndDimsTheRest()
    {
        var layout = Layout();
        var path = new PathHighlight(new HashSet<Guid> { Data, Run }, new HashSet<ViewEdge> { layout.Edges[0].Edge });

        var cut = Ctx.Render<LineageSvg>(p => p.Add(c => c.Layout, layout).Add(c => c.Highlight, path));

        Assert.Contains("has-path", cut.Find("svg").GetAttribute("class"));
        Assert.Equal(2, cut.FindAll("g.node.on-path").Count);
        Assert.Single(cut.FindAll("g.edge.on-path"));
    }

    [Fact]
    public void Render_Evaluations_ShowPassOrFail_InShapeColourAndWords()
    {
        Guid pass = Guid.NewGuid(), fail = Guid.NewGuid();
        var layout = LayeredLayout.Compute(new ViewGraph(Model,
            [
                new ViewNode(Model, NodeType.ModelVersion, "credit-risk-xgb v1.2.0") { IsRoot = true },
                new ViewNode(pass, NodeType.Evaluation, "Performance · credit-risk-xgb v1.2.0") { Depth = 1, Passed = true },
                new ViewNode(fail, NodeType.Evaluation, "Bias · credit-risk-xgb v1.2.0") { Depth = 1, Passed = false },
            ],
            [new ViewEdge(Model, pass, EdgeKind.Evaluated), new ViewEdge(Model, fail, EdgeKind.Evaluated)]));

        var cut = Ctx.Render<LineageSvg>(p => p.Add(c => c.Layout, layout));

        var failed = cut.Find($"g.node[data-id='{fail}']");
        var passed = cut.Find($"g.node[data-id='{pass}']");
        Assert.Contains("failed", failed.GetAttribute("class"));
        Assert.Contains("passed", passed.GetAttribute("class"));
        Assert.Equal("failed", failed.QuerySelector("tspan.verdict")!.TextContent.Trim(' ', '·'));
        Assert.Equal("passed", passed.QuerySelector("tspan.verdict")!.TextContent.Trim(' ', '·'));
        Assert.Equal(LineageStyles.Verdict(false)!.Glyph, failed.QuerySelector("g.verdict-failed path")!.GetAttribute("d"));
        Assert.NotEqual(failed.QuerySelector("g.glyph path")!.GetAttribute("d"), passed.QuerySelector("g.glyph path")!.GetAttribute("d"));
        Assert.Contains("Result: failed", failed.QuerySelector("title")!.TextContent);
        Assert.Contains("Bias · credit-risk-xgb v1.2.0", failed.TextContent);
        // A model version has no verdict at all.
        Assert.Null(cut.Find($"g.node[data-id='{Model}']").QuerySelector("tspan.verdict"));
    }
}
