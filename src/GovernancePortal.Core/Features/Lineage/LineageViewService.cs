using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Lineage.Layout;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Lineage;

/// <summary>
/// The lineage graph view's data: the closure around a node, collapsed to what can be drawn (LineageCollapse), with
/// labels, open findings and model stages looked up only for the nodes that are drawn.
/// </summary>
public sealed class LineageViewService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public const int MaxDepth = 10;
    /// <summary>Closure rows read per direction, nearest first. More could never be drawn and only costs edge reads.</summary>
    public const int WalkLimit = 5_000;

    public async Task<ViewGraph?> LoadAsync(NodeType type, Guid id, int depth, LineageScope scope, IReadOnlySet<Guid>? expanded = null, CancellationToken ct = default)
    {
        depth = Math.Clamp(depth, 1, MaxDepth);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if ((await LineageNeighbours.LabelsAsync(db, [(type, id)], ct)).Count == 0) return null;

        var nodes = new List<(Guid, NodeType)>();
        var edges = new List<LineageLink>();
        var truncated = false;
        foreach (var direction in Directions(scope))
        {
            var walk = await LineageQueries.WalkAsync(db, type, id, direction, depth, WalkLimit, ct);
            nodes.AddRange(walk.Nodes.Select(n => (n.Id, n.Type)));
            edges.AddRange(walk.Edges);
            truncated |= walk.Nodes.Count == WalkLimit;
        }
        // Each walk only reads edges within its own side; with both sides, an edge from an upstream node to a downstream
        // one (a model evaluated on its own training data) must be drawn too.
        if (scope == LineageScope.Both) edges = await LineageQueries.EdgesAmongAsync(db, nodes.Select(n => n.Item1).ToHashSet(), ct);
        var graph = LineageCollapse.Collapse(id, nodes, edges.Distinct().ToList(), scope, expanded);
        return await DecorateAsync(db, graph with { Truncated = truncated }, ct);
    }

    private static IEnumerable<Direction> Directions(LineageScope scope) => scope switch
    {
        LineageScope.Upstream => [Direction.Upstream],
        LineageScope.Downstream => [Direction.Downstream],
        _ => [Direction.Upstream, Direction.Downstream],
    };

    private static async Task<ViewGraph> DecorateAsync(GovernanceDbContext db, ViewGraph graph, CancellationToken ct)
    {
        var real = graph.Nodes.Where(n => !n.IsMore).ToList();
        var ids = real.Select(n => n.Id).ToList();
        var labels = await LineageNeighbours.LabelsAsync(db, real.Select(n => (n.Type, n.Id)), ct);
        var findings = (await db.Set<Finding>().AsNoTracking().Where(f => f.ResolvedAt == null && ids.Contains(f.EntityId))
                .Select(f => new { f.EntityId, f.Severity, f.Message }).ToListAsync(ct))
            .GroupBy(f => f.EntityId)
            .ToDictionary(g => g.Key, g => (Count: g.Count(), First: g.OrderByDescending(f => f.Severity).First().Message));
        var versionIds = real.Where(n => n.Type == NodeType.ModelVersion).Select(n => n.Id).ToList();
        var stages = (await db.ModelVersionStages.AsNoTracking().Where(s => versionIds.Contains(s.ModelVersionId))
                .Select(s => new { s.ModelVersionId, s.Stage }).ToListAsync(ct))
            .GroupBy(s => s.ModelVersionId)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Stage).MaxBy(StageRank));
        var evaluationIds = real.Where(n => n.Type == NodeType.Evaluation).Select(n => n.Id).ToList();
        var passed = await db.Evaluations.AsNoTracking().Where(e => evaluationIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Passed }).ToDictionaryAsync(e => e.Id, e => e.Passed, ct);

        var decorated = graph.Nodes.Select(n => n.IsMore ? n : n with
        {
            Label = labels.GetValueOrDefault(n.Id, "(missing)"),
            OpenFindings = findings.TryGetValue(n.Id, out var f) ? f.Count : 0,
            FindingSummary = findings.TryGetValue(n.Id, out var g) ? g.First : null,
            Stage = stages.TryGetValue(n.Id, out var s) ? s : null,
            Passed = passed.TryGetValue(n.Id, out var p) ? p : null,
        }).ToList();
        return graph with { Nodes = decorated };
    }

    /// <summary>Production outranks Staging outranks Development; Retired shows only when every use retired it.</summary>
    private static int StageRank(Stage stage) => stage switch
    {
        Stage.Production => 3,
        Stage.Staging => 2,
        Stage.Development => 1,
        _ => 0,
    };
}
