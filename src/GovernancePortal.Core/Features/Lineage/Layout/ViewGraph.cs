using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Lineage.Layout;

/// <summary>Which side of the centre node the lineage view walks.</summary>
public enum LineageScope { Both, Upstream, Downstream }

/// <summary>
/// A node as the lineage view shows it. A "+N more" node (<see cref="Hidden"/> &gt; 0) stands for siblings of one
/// type under one parent that were collapsed to keep the drawing readable.
/// </summary>
public sealed record ViewNode(Guid Id, NodeType Type, string Label)
{
    /// <summary>Steps from the centre node along the walk (0 for the centre).</summary>
    public int Depth { get; init; }
    public bool IsRoot { get; init; }
    /// <summary>Open consistency findings on the entity: drawn as an integrity badge.</summary>
    public int OpenFindings { get; init; }
    /// <summary>The first open finding's text, for the tooltip.</summary>
    public string? FindingSummary { get; init; }
    /// <summary>The most advanced stage of a model version over all its uses (Production wins).</summary>
    public Stage? Stage { get; init; }
    /// <summary>For an evaluation: whether it met its thresholds (drawn as a pass or fail mark); null for other nodes.</summary>
    public bool? Passed { get; init; }
    /// <summary>How many collapsed siblings a "+N more" node stands for; 0 for a real node.</summary>
    public int Hidden { get; init; }
    /// <summary>For a "+N more" node: the parent whose children it collapses.</summary>
    public Guid? CollapsedUnder { get; init; }
    public bool IsMore => Hidden > 0;
}

public sealed record ViewEdge(Guid FromId, Guid ToId, EdgeKind Kind);

/// <summary>What the lineage view draws: at most a few hundred nodes around <see cref="RootId"/>.</summary>
public sealed record ViewGraph(Guid RootId, IReadOnlyList<ViewNode> Nodes, IReadOnlyList<ViewEdge> Edges)
{
    /// <summary>Nodes of the closure that neither appear nor are counted in a "+N more" node (the total cap was reached).</summary>
    public int NotShown { get; init; }
    /// <summary>The closure was larger than the view reads (LineageViewService.WalkLimit); the nearest part is shown.</summary>
    public bool Truncated { get; init; }
}

public readonly record struct Point(double X, double Y);

/// <summary>A node with its box: (X, Y) is the top-left corner.</summary>
public sealed record PlacedNode(ViewNode Node, double X, double Y, double Width, double Height, int Layer)
{
    public double CenterY => Y + Height / 2;
}

/// <summary>An edge with its route from the source's right side to the target's left side, through long-edge bends.</summary>
public sealed record PlacedEdge(ViewEdge Edge, IReadOnlyList<Point> Points);

/// <summary>A positioned lineage graph, ready to draw as SVG (web) or with a PDF library (evidence packs).</summary>
public sealed record LineageLayout(IReadOnlyList<PlacedNode> Nodes, IReadOnlyList<PlacedEdge> Edges, double Width, double Height)
{
    public static readonly LineageLayout Empty = new([], [], 0, 0);
}
