using System.Security.Cryptography;
using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Lineage.Layout;

/// <summary>
/// Bounds what the view draws. Walking outwards from the centre (breadth first, so near nodes win), the
/// children of one parent of one type beyond <c>siblingLimit</c> become a single "+N more" node, and no more
/// than <c>maxNodes</c> nodes (real and "+N more") are kept in all. A shared dataset version can fan out to
/// thousands of downstream nodes; this keeps the drawing readable and the layout's work small.
/// </summary>
public static class LineageCollapse
{
    public const int SiblingLimit = 12;
    /// <summary>Siblings shown under a parent the user expanded by clicking its "+N more" node.</summary>
    public const int ExpandedSiblingLimit = 60;
    public const int MaxNodes = 200;

    private enum Side { Up, Down }

    /// <param name="rootId">The centre node; it must be in <paramref name="nodes"/>.</param>
    /// <param name="nodes">The closure (upstream, downstream or both), labels not needed.</param>
    /// <param name="edges">Edges between closure nodes, upstream → downstream.</param>
    /// <param name="expanded">Parents whose children are shown up to <see cref="ExpandedSiblingLimit"/>.</param>
    public static ViewGraph Collapse(Guid rootId, IReadOnlyList<(Guid Id, NodeType Type)> nodes, IReadOnlyList<LineageLink> edges,
        LineageScope scope, IReadOnlySet<Guid>? expanded = null, int siblingLimit = SiblingLimit, int maxNodes = MaxNodes)
    {
        var types = new Dictionary<Guid, NodeType>();
        foreach (var n in nodes) types.TryAdd(n.Id, n.Type);
        var down = edges.Where(e => types.ContainsKey(e.FromId) && types.ContainsKey(e.ToId)).ToLookup(e => e.FromId);
        var up = edges.Where(e => types.ContainsKey(e.FromId) && types.ContainsKey(e.ToId)).ToLookup(e => e.ToId);

        var shown = new List<ViewNode>();
        var shownIds = new HashSet<Guid>();
        var seen = new HashSet<Guid> { rootId };   // shown or counted in a "+N more" node
        var moreEdges = new List<ViewEdge>();
        var queue = new Queue<(Guid Id, Side Side, int Depth)>();
        shown.Add(new ViewNode(rootId, types.GetValueOrDefault(rootId), "") { IsRoot = true });
        shownIds.Add(rootId);
        if (scope != LineageScope.Downstream) queue.Enqueue((rootId, Side.Up, 0));
        if (scope != LineageScope.Upstream) queue.Enqueue((rootId, Side.Down, 0));

        while (queue.Count > 0)
        {
            var (parent, side, depth) = queue.Dequeue();
            var links = side == Side.Down
                ? down[parent].Select(e => (Id: e.ToId, e.Kind))
                : up[parent].Select(e => (Id: e.FromId, e.Kind));
            // Ordered by type then id (Guid v7: creation order), so the same closure always collapses the same way.
            var groups = links.Where(l => !seen.Contains(l.Id)).DistinctBy(l => l.Id)
                .GroupBy(l => types[l.Id]).OrderBy(g => g.Key);
            foreach (var group in groups)
            {
                var children = group.OrderBy(l => l.Id).ToList();
                var limit = expanded?.Contains(parent) == true ? Math.Max(siblingLimit, ExpandedSiblingLimit) : siblingLimit;
                var keep = children.Count > limit ? limit - 1 : children.Count;
                var room = maxNodes - shown.Count;
                if (room <= 0) break;
                if (keep < children.Count || keep > room) keep = Math.Min(keep, room - 1);
                foreach (var child in children)
                    seen.Add(child.Id);
                foreach (var child in children.Take(keep))
                {
                    shown.Add(new ViewNode(child.Id, group.Key, "") { Depth = depth + 1 });
                    shownIds.Add(child.Id);
                    queue.Enqueue((child.Id, side, depth + 1));
                }
                var hidden = children.Count - keep;
                if (hidden == 0) continue;
                var more = MoreId(parent, side, group.Key);
                shown.Add(new ViewNode(more, group.Key, $"+{hidden} more") { Depth = depth + 1, Hidden = hidden, CollapsedUnder = parent });
                var kind = children[keep].Kind;
                moreEdges.Add(side == Side.Down ? new ViewEdge(parent, more, kind) : new ViewEdge(more, parent, kind));
            }
        }

        var viewEdges = edges.Where(e => shownIds.Contains(e.FromId) && shownIds.Contains(e.ToId) && e.FromId != e.ToId)
            .Select(e => new ViewEdge(e.FromId, e.ToId, e.Kind)).Distinct().Concat(moreEdges).ToList();
        var counted = shownIds.Count + shown.Sum(n => n.Hidden);
        return new ViewGraph(rootId, shown, viewEdges) { NotShown = Math.Max(0, types.Count - counted) };
    }

    /// <summary>A stable id for the "+N more" node of one parent, side and type, so re-renders keep its element.</summary>
    private static Guid MoreId(Guid parent, Side side, NodeType type)
    {
        Span<byte> input = stackalloc byte[18];
        parent.TryWriteBytes(input);
        input[16] = (byte)side;
        input[17] = (byte)type;
        return new Guid(SHA256.HashData(input)[..16]);
    }
}
