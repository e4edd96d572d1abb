using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Lineage;

public enum Direction { Upstream, Downstream }

public sealed record LineageNode(Guid Id, NodeType Type, int Depth, string Label);

public sealed record LineageLink(Guid FromId, Guid ToId, EdgeKind Kind);

public sealed record LineageGraph(Guid RootId, Direction Direction, int Depth, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageLink> Edges);

/// <summary>
/// Upstream/downstream closure of a node, computed in the database with a recursive CTE over the two edge
/// indexes (ToId, FromId) and (FromId, ToId, Kind): the graph is never loaded into memory.
/// </summary>
public sealed class LineageQueries(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public const int MaxDepth = 50;

    private sealed record Row(Guid Id, string Type, int Depth);

    public async Task<LineageGraph?> ClosureAsync(NodeType type, Guid id, Direction direction, int depth, CancellationToken ct = default)
    {
        depth = Math.Clamp(depth, 1, MaxDepth);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if ((await LineageNeighbours.LabelsAsync(db, [(type, id)], ct)).Count == 0) return null;
        var walk = await WalkAsync(db, type, id, direction, depth, int.MaxValue, ct);
        var labels = await LineageNeighbours.LabelsAsync(db, walk.Nodes.Select(n => (n.Type, n.Id)), ct);
        return new LineageGraph(id, direction, depth,
            walk.Nodes.Select(n => n with { Label = labels.GetValueOrDefault(n.Id, "(missing)") }).ToList(), walk.Edges);
    }

    /// <summary>
    /// The closure without labels, nearest nodes first and at most <paramref name="limit"/> of them, so a caller that
    /// shows only a part of a wide fan-out (the graph view) labels only what it shows.
    /// </summary>
    internal static async Task<LineageGraph> WalkAsync(GovernanceDbContext db, NodeType type, Guid id, Direction direction, int depth, int limit, CancellationToken ct)
    {
        var typeName = type.ToString();
        // UNION (not UNION ALL) stops re-walking a node reached again at the same depth; MIN(depth) keeps the nearest.
        // One text for both providers: quoted identifiers (PostgreSQL folds bare ones to lower case) and the type
        // cast to TEXT (PostgreSQL wants the recursive term's column types to match the anchor's exactly).
        var rows = direction == Direction.Downstream
            ? await db.Database.SqlQuery<Row>($"""
                WITH RECURSIVE walk("Id", "Type", "Depth") AS (
                    SELECT {id}, CAST({typeName} AS TEXT), 0
                    UNION
                    SELECT e."ToId", CAST(e."ToType" AS TEXT), w."Depth" + 1 FROM "LineageEdges" e JOIN walk w ON e."FromId" = w."Id" WHERE w."Depth" < {depth})
                SELECT "Id", "Type", MIN("Depth") AS "Depth" FROM walk GROUP BY "Id", "Type" ORDER BY MIN("Depth"), "Id" LIMIT {limit}
                """).ToListAsync(ct)
            : await db.Database.SqlQuery<Row>($"""
                WITH RECURSIVE walk("Id", "Type", "Depth") AS (
                    SELECT {id}, CAST({typeName} AS TEXT), 0
                    UNION
                    SELECT e."FromId", CAST(e."FromType" AS TEXT), w."Depth" + 1 FROM "LineageEdges" e JOIN walk w ON e."ToId" = w."Id" WHERE w."Depth" < {depth})
                SELECT "Id", "Type", MIN("Depth") AS "Depth" FROM walk GROUP BY "Id", "Type" ORDER BY MIN("Depth"), "Id" LIMIT {limit}
                """).ToListAsync(ct);

        var nodes = rows.Select(r => new LineageNode(r.Id, Enum.Parse<NodeType>(r.Type), r.Depth, "")).ToList();
        var ids = nodes.Select(n => n.Id).ToList();
        var edges = new List<LineageLink>();
        foreach (var chunk in ids.Chunk(500))
            edges.AddRange(await db.LineageEdges.AsNoTracking()
                .Where(e => direction == Direction.Downstream ? chunk.Contains(e.FromId) : chunk.Contains(e.ToId))
                .Select(e => new LineageLink(e.FromId, e.ToId, e.Kind)).ToListAsync(ct));
        var idSet = ids.ToHashSet();
        edges = edges.Where(e => idSet.Contains(e.FromId) && idSet.Contains(e.ToId)).Distinct().ToList();
        return new LineageGraph(id, direction, depth, nodes.OrderBy(n => n.Depth).ToList(), edges);
    }

    /// <summary>Every edge whose two ends are in <paramref name="ids"/>, read by the source side in chunks.</summary>
    internal static async Task<List<LineageLink>> EdgesAmongAsync(GovernanceDbContext db, IReadOnlySet<Guid> ids, CancellationToken ct)
    {
        var edges = new List<LineageLink>();
        foreach (var chunk in ids.Chunk(500))
            edges.AddRange(await db.LineageEdges.AsNoTracking().Where(e => chunk.Contains(e.FromId))
                .Select(e => new LineageLink(e.FromId, e.ToId, e.Kind)).ToListAsync(ct));
        return edges.Where(e => ids.Contains(e.ToId)).Distinct().ToList();
    }
}
