namespace GovernancePortal.Core.Features.Lineage.Layout;

/// <summary>
/// A small Sugiyama-style layered layout, left to right: (1) layers by longest path, with sources pulled next to
/// their first consumer; (2) long edges split by virtual bend points; (3) crossing reduction by barycenter sweeps,
/// keeping the best order seen; (4) vertical coordinates pulled towards neighbours without overlaps (isotonic
/// regression per layer). Pure and deterministic: the same graph always gives the same picture, so bunit, the
/// PDF evidence packs and the browser all draw the same thing (ADR 0009).
/// </summary>
public static class LayeredLayout
{
    public const double NodeWidth = 232, NodeHeight = 52, MoreHeight = 36, LayerGap = 90, NodeGap = 18, BendGap = 14, Margin = 24;
    private const int Sweeps = 12;

    public static LineageLayout Compute(ViewGraph graph)
    {
        if (graph.Nodes.Count == 0) return LineageLayout.Empty;
        var nodes = graph.Nodes;
        var index = new Dictionary<Guid, int>();
        for (var i = 0; i < nodes.Count; i++) index.TryAdd(nodes[i].Id, i);
        var edges = graph.Edges.Where(e => index.ContainsKey(e.FromId) && index.ContainsKey(e.ToId) && e.FromId != e.ToId).ToList();
        var n = nodes.Count;

        // Cycles (the checker reports them; the data can still hold them) are drawn, but laid out as if reversed.
        var reversed = Acyclic.BackEdges(n, edges.Select(e => (index[e.FromId], index[e.ToId])).ToList());
        var links = edges.Select((e, k) => reversed.Contains(k) ? (From: index[e.ToId], To: index[e.FromId]) : (From: index[e.FromId], To: index[e.ToId]))
            .Distinct().ToList();
        var layer = Layers(n, links);

        var grid = new LayerGrid(n, layer, links, nodes);
        grid.ReduceCrossings(Sweeps);
        var y = grid.AssignY();

        var placed = new PlacedNode[n];
        for (var i = 0; i < n; i++)
        {
            var h = Height(nodes[i]);
            placed[i] = new PlacedNode(nodes[i], X(layer[i]), y[i] - h / 2, NodeWidth, h, layer[i]);
        }
        var placedEdges = edges.Select((e, k) =>
        {
            var (from, to) = reversed.Contains(k) ? (index[e.ToId], index[e.FromId]) : (index[e.FromId], index[e.ToId]);
            var points = new List<Point> { new(X(layer[from]) + NodeWidth, y[from]) };
            foreach (var bend in grid.Bends(from, to))
                points.AddRange([new(X(grid.Layer(bend)), y[bend]), new(X(grid.Layer(bend)) + NodeWidth, y[bend])]);
            points.Add(new(X(layer[to]), y[to]));
            if (reversed.Contains(k)) points.Reverse();
            return new PlacedEdge(e, points);
        }).ToList();

        var width = Margin * 2 + (layer.Max() + 1) * NodeWidth + layer.Max() * LayerGap;
        var height = placed.Max(p => p.Y + p.Height) + Margin;
        return new LineageLayout(placed, placedEdges, width, height);
    }

    internal static double Height(ViewNode node) => node.IsMore ? MoreHeight : NodeHeight;

    private static double X(int layer) => Margin + layer * (NodeWidth + LayerGap);

    /// <summary>Longest path from the sources, then each source moves right to just before its nearest consumer.</summary>
    private static int[] Layers(int n, List<(int From, int To)> links)
    {
        var outs = links.ToLookup(l => l.From, l => l.To);
        var indegree = new int[n];
        foreach (var l in links) indegree[l.To]++;
        var layer = new int[n];
        var ready = new Queue<int>(Enumerable.Range(0, n).Where(i => indegree[i] == 0));
        while (ready.Count > 0)
        {
            var u = ready.Dequeue();
            foreach (var v in outs[u])
            {
                layer[v] = Math.Max(layer[v], layer[u] + 1);
                if (--indegree[v] == 0) ready.Enqueue(v);
            }
        }
        var hasIn = links.Select(l => l.To).ToHashSet();
        for (var i = 0; i < n; i++)
            if (!hasIn.Contains(i) && outs[i].Any()) layer[i] = outs[i].Min(v => layer[v]) - 1;
        var min = layer.Min();
        return layer.Select(l => l - min).ToArray();
    }
}
