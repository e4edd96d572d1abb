using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;

namespace GovernancePortal.UnitTests.Lineage;

/// <summary>Small lineage closures built in memory, with ids that sort in creation order (like Guid v7).</summary>
internal sealed class LineageGraphs
{
    private int next;
    public List<(Guid Id, NodeType Type)> Nodes { get; } = [];
    public List<LineageLink> Edges { get; } = [];

    public Guid Add(NodeType type)
    {
        var id = new Guid($"00000000-0000-0000-0000-{++next:x12}");
        Nodes.Add((id, type));
        return id;
    }

    public void Link(Guid from, Guid to, EdgeKind kind) => Edges.Add(new(from, to, kind));

    /// <summary>data → run → model → evaluations and endpoints, plus a base model fine-tuned by the run.</summary>
    public static (LineageGraphs Graph, Guid Model, Guid Data) Typical()
    {
        var g = new LineageGraphs();
        var data = g.Add(NodeType.DatasetVersion);
        var test = g.Add(NodeType.DatasetVersion);
        var baseModel = g.Add(NodeType.ModelVersion);
        var run = g.Add(NodeType.TrainingRun);
        var model = g.Add(NodeType.ModelVersion);
        var eval = g.Add(NodeType.Evaluation);
        var endpoint = g.Add(NodeType.Endpoint);
        g.Link(data, run, EdgeKind.Consumed);
        g.Link(baseModel, run, EdgeKind.Consumed);
        g.Link(run, model, EdgeKind.Produced);
        g.Link(model, eval, EdgeKind.Evaluated);
        g.Link(test, eval, EdgeKind.EvaluatedOn);
        g.Link(model, endpoint, EdgeKind.DeployedAs);
        return (g, model, data);
    }

    /// <summary>One dataset version read by <paramref name="runs"/> runs, each producing a model with two evaluations.</summary>
    public static (LineageGraphs Graph, Guid Data) FanOut(int runs)
    {
        var g = new LineageGraphs();
        var data = g.Add(NodeType.DatasetVersion);
        for (var i = 0; i < runs; i++)
        {
            var run = g.Add(NodeType.TrainingRun);
            var model = g.Add(NodeType.ModelVersion);
            g.Link(data, run, EdgeKind.Consumed);
            g.Link(run, model, EdgeKind.Produced);
            for (var e = 0; e < 2; e++)
            {
                var eval = g.Add(NodeType.Evaluation);
                g.Link(model, eval, EdgeKind.Evaluated);
            }
        }
        return (g, data);
    }
}
