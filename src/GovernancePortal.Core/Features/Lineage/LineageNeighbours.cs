using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Lineage;

/// <summary>A node of the lineage graph as shown in a link: its type, id and a human label.</summary>
public sealed record NodeRef(NodeType Type, Guid Id, string Label, EdgeKind Via);

public sealed record Neighbours(IReadOnlyList<NodeRef> Upstream, IReadOnlyList<NodeRef> Downstream);

/// <summary>Direct lineage neighbours of one node, with labels resolved in one query per node type.</summary>
public sealed class LineageNeighbours(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public const int Limit = 100;

    public async Task<Neighbours> OfAsync(Guid nodeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Both directions in one statement (a union of the two limited reads), not two round trips (ADR 0075).
        var edges = await db.LineageEdges.AsNoTracking().Where(e => e.ToId == nodeId).OrderBy(e => e.Id).Take(Limit)
            .Select(e => new { Up = true, e.Id, Node = e.FromId, Type = e.FromType, e.Kind })
            .Concat(db.LineageEdges.AsNoTracking().Where(e => e.FromId == nodeId).OrderBy(e => e.Id).Take(Limit)
                .Select(e => new { Up = false, e.Id, Node = e.ToId, Type = e.ToType, e.Kind }))
            .ToListAsync(ct);
        var up = edges.Where(e => e.Up).OrderBy(e => e.Id).Select(e => new { Id = e.Node, e.Type, e.Kind }).ToList();
        var down = edges.Where(e => !e.Up).OrderBy(e => e.Id).Select(e => new { Id = e.Node, e.Type, e.Kind }).ToList();
        var labels = await LabelsAsync(db, up.Select(n => (n.Type, n.Id)).Concat(down.Select(n => (n.Type, n.Id))), ct);
        return new(
            up.Select(n => new NodeRef(n.Type, n.Id, labels.GetValueOrDefault(n.Id, "(missing)"), n.Kind)).ToList(),
            down.Select(n => new NodeRef(n.Type, n.Id, labels.GetValueOrDefault(n.Id, "(missing)"), n.Kind)).ToList());
    }

    internal static async Task<Dictionary<Guid, string>> LabelsAsync(GovernanceDbContext db, IEnumerable<(NodeType Type, Guid Id)> nodes, CancellationToken ct)
    {
        var labels = new Dictionary<Guid, string>();
        foreach (var group in nodes.GroupBy(n => n.Type, n => n.Id))
        {
            var ids = group.Distinct().ToList();
            var found = group.Key switch
            {
                NodeType.DatasetVersion => await db.DatasetVersions.Where(v => ids.Contains(v.Id))
                    .Select(v => new { v.Id, Label = v.Dataset!.Name + " @ " + v.Version }).ToListAsync(ct),
                NodeType.TrainingRun => await db.TrainingRuns.Where(r => ids.Contains(r.Id))
                    .Select(r => new { r.Id, Label = r.JobName }).ToListAsync(ct),
                NodeType.ModelVersion => await db.ModelVersions.Where(v => ids.Contains(v.Id))
                    .Select(v => new { v.Id, Label = v.Model!.Name + " v" + v.Version }).ToListAsync(ct),
                NodeType.Evaluation => await db.Evaluations.Where(e => ids.Contains(e.Id))
                    .Select(e => new { e.Id, Label = e.Kind.ToString() + " · " + e.ModelVersion!.Model!.Name + " v" + e.ModelVersion.Version }).ToListAsync(ct),
                _ => await db.ServingEndpoints.Where(e => ids.Contains(e.Id))
                    .Select(e => new { e.Id, Label = e.Name + " (" + e.Environment.ToString() + ")" }).ToListAsync(ct),
            };
            foreach (var f in found) labels[f.Id] = f.Label;
        }
        return labels;
    }
}
