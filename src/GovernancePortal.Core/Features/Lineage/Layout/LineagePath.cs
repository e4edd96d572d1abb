namespace GovernancePortal.Core.Features.Lineage.Layout;

/// <summary>What to highlight between two selected nodes.</summary>
public sealed record PathHighlight(IReadOnlySet<Guid> Nodes, IReadOnlySet<ViewEdge> Edges)
{
    public static readonly PathHighlight None = new(new HashSet<Guid>(), new HashSet<ViewEdge>());
}

/// <summary>Paths between two nodes of the drawn graph.</summary>
public static class LineagePath
{
    /// <summary>
    /// Every node and edge on a directed path from one node to the other (either way round: lineage is read both
    /// upstream and downstream). Two nodes on different branches have no directed path; then the shortest
    /// path ignoring direction is shown, so the user still sees how they are related.
    /// </summary>
    public static PathHighlight Between(ViewGraph graph, Guid a, Guid b)
    {
        if (a == b) return new(new HashSet<Guid> { a }, new HashSet<ViewEdge>());
        var directed = Directed(graph, a, b);
        if (directed.Nodes.Count == 0) directed = Directed(graph, b, a);
        return directed.Nodes.Count > 0 ? directed : Undirected(graph, a, b);
    }

    private static PathHighlight Directed(ViewGraph graph, Guid from, Guid to)
    {
        var after = Reach(from, graph.Edges.ToLookup(e => e.FromId, e => e.ToId));
        var before = Reach(to, graph.Edges.ToLookup(e => e.ToId, e => e.FromId));
        var on = after.Where(before.Contains).ToHashSet();
        if (!on.Contains(from) || !on.Contains(to)) return PathHighlight.None;
        return new(on, graph.Edges.Where(e => on.Contains(e.FromId) && on.Contains(e.ToId)).ToHashSet());
    }

    private static HashSet<Guid> Reach(Guid start, ILookup<Guid, Guid> next)
    {
        var seen = new HashSet<Guid> { start };
        var queue = new Queue<Guid>([start]);
        while (queue.Count > 0)
            foreach (var v in next[queue.Dequeue()])
                if (seen.Add(v)) queue.Enqueue(v);
        return seen;
    }

    private static PathHighlight Undirected(ViewGraph graph, Guid a, Guid b)
    {
        var via = new Dictionary<Guid, ViewEdge?> { [a] = null };
        var queue = new Queue<Guid>([a]);
        var near = graph.Edges.SelectMany(e => new[] { (At: e.FromId, Other: e.ToId, Edge: e), (At: e.ToId, Other: e.FromId, Edge: e) })
            .ToLookup(t => t.At);
        while (queue.Count > 0 && !via.ContainsKey(b))
            foreach (var (_, other, edge) in near[queue.Dequeue()])
                if (via.TryAdd(other, edge)) queue.Enqueue(other);
        if (!via.ContainsKey(b)) return PathHighlight.None;
        var nodes = new HashSet<Guid> { b };
        var edges = new HashSet<ViewEdge>();
        for (var at = b; via[at] is { } edge; )
        {
            edges.Add(edge);
            at = edge.FromId == at ? edge.ToId : edge.FromId;
            nodes.Add(at);
        }
        return new(nodes, edges);
    }
}
