using BenchmarkDotNet.Attributes;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Lineage.Layout;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// Collapse and layered layout of the lineage view in memory (no database): a dataset version read by 3,400 runs,
/// each producing a model version with two evaluations (~6,800 downstream nodes), collapsed to the 200-node cap
/// with a sibling limit high enough that the cap, not the "+N more" rule, bounds it.
/// </summary>
[MemoryDiagnoser]
public class LineageLayoutBenchmarks
{
    private Guid root;
    private List<(Guid, NodeType)> nodes = [];
    private List<LineageLink> edges = [];
    private ViewGraph collapsed = default!;

    [GlobalSetup]
    public void Setup()
    {
        var next = 0;
        Guid Add(NodeType type) { var id = new Guid($"00000000-0000-0000-0000-{++next:x12}"); nodes.Add((id, type)); return id; }
        root = Add(NodeType.DatasetVersion);
        for (var i = 0; i < 3400; i++)
        {
            var run = Add(NodeType.TrainingRun);
            var model = Add(NodeType.ModelVersion);
            edges.Add(new(root, run, EdgeKind.Consumed));
            edges.Add(new(run, model, EdgeKind.Produced));
            for (var e = 0; e < 2; e++) edges.Add(new(model, Add(NodeType.Evaluation), EdgeKind.Evaluated));
        }
        collapsed = LineageCollapse.Collapse(root, nodes, edges, LineageScope.Downstream, siblingLimit: 70);
    }

    [Benchmark]
    public ViewGraph Collapse() => LineageCollapse.Collapse(root, nodes, edges, LineageScope.Downstream, siblingLimit: 70);

    [Benchmark]
    public LineageLayout Layout200() => LayeredLayout.Compute(collapsed);
}
