using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings.Engine;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>A node recorded as its own ancestor.</summary>
public sealed class LineageCycleRule : IFindingRule
{
    /// <summary>An incremental walk that reaches this many nodes gives up and evaluates in full.</summary>
    private const int WalkLimit = 20_000;

    public FindingSignal Signal => FindingSignal.InconsistentLineage;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.LineageCycle];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.LineageEdge);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        Dictionary<Guid, NodeType>? onCycle = null;
        HashSet<Guid>? scope = null;
        // Removed edges can only break cycles: that needs the full picture. Added edges can only close cycles through themselves.
        if (input.Changes is { } changes && !changes.Deleted(T.LineageEdge))
        {
            onCycle = await ThroughNewEdgesAsync(db, changes, ct);
            scope = onCycle?.Keys.ToHashSet();
        }
        onCycle ??= await FullAsync(db, ct);
        var names = await NodeNames.ReadAsync(db, onCycle, ct);
        return new(onCycle.Select(n => new Condition(FindingRule.LineageCycle, n.Key.ToString(), FindingSeverity.High,
            FindingEntity.Of(n.Value), n.Key, names.GetValueOrDefault(n.Key) ?? n.Key.ToString(), "Lineage cycle",
            "This node is on a lineage cycle: something is recorded as its own ancestor.",
            "Correct the lineage record that makes the node its own input (e.g. a job rewriting its input in place should write a new version).")).ToList(),
            scope);
    }

    /// <summary>Nodes on a cycle through an added edge (from → to): downstream of 'to' and upstream of 'from'. Null when the walk is too large.</summary>
    private static async Task<Dictionary<Guid, NodeType>?> ThroughNewEdgesAsync(GovernanceDbContext db, ChangeSet changes, CancellationToken ct)
    {
        var added = changes.All.Where(c => c.EntityType == T.LineageEdge && c.RelatedId is not null).Select(c => (From: c.RelatedId!.Value, To: c.Id)).Distinct().ToList();
        // An edge closes a cycle only if its 'from' lies downstream of its 'to'. One walk from every added 'to' at once
        // (a few queries per level) loads every edge each single walk would read, so each edge is then checked in memory and
        // only those that do close a cycle are walked again below; walking every edge cost several queries per event (the
        // findings engine used as much CPU as the ingest itself). Past the limit, every edge is walked as before.
        if (await DownstreamAsync(db, added.Select(e => e.To), ct) is { } outgoing)
            added = added.Where(e => Reaches(outgoing, e.To, e.From)).ToList();
        var result = new Dictionary<Guid, NodeType>();
        foreach (var (from, to) in added)
        {
            // Walk downstream from 'to', remembering each node's parents within the walk.
            var parents = new Dictionary<Guid, List<Guid>> { [to] = [] };
            var types = new Dictionary<Guid, NodeType>();
            var frontier = new List<Guid> { to };
            while (frontier.Count > 0 && parents.Count < WalkLimit)
            {
                var next = new List<Guid>();
                foreach (var chunk in frontier.Chunk(500))
                    foreach (var e in await db.LineageEdges.AsNoTracking().Where(e => chunk.Contains(e.FromId))
                                 .Select(e => new { e.FromId, e.FromType, e.ToId, e.ToType }).ToListAsync(ct))
                    {
                        (types[e.FromId], types[e.ToId]) = (e.FromType, e.ToType);
                        if (parents.TryGetValue(e.ToId, out var list)) { list.Add(e.FromId); continue; }
                        parents[e.ToId] = [e.FromId];
                        next.Add(e.ToId);
                    }
                frontier = next;
            }
            if (parents.Count >= WalkLimit) return null;
            if (!parents.ContainsKey(from)) continue;
            // Back from 'from' to 'to' through recorded parents: every node on the way is on the cycle.
            var stack = new Stack<Guid>([from]);
            var seen = new HashSet<Guid> { from };
            while (stack.TryPop(out var node))
            {
                result[node] = types[node];
                foreach (var p in parents[node])
                    if (seen.Add(p)) stack.Push(p);
            }
        }
        return result;
    }

    /// <summary>The outgoing edges of every node downstream of <paramref name="starts"/> (themselves included); null past the walk limit.</summary>
    private static async Task<Dictionary<Guid, List<Guid>>?> DownstreamAsync(GovernanceDbContext db, IEnumerable<Guid> starts, CancellationToken ct)
    {
        var outgoing = starts.Distinct().ToDictionary(s => s, _ => new List<Guid>());
        var frontier = outgoing.Keys.ToList();
        while (frontier.Count > 0)
        {
            var next = new List<Guid>();
            foreach (var chunk in frontier.Chunk(500))
                foreach (var e in await db.LineageEdges.AsNoTracking().Where(e => chunk.Contains(e.FromId)).Select(e => new { e.FromId, e.ToId }).ToListAsync(ct))
                {
                    outgoing[e.FromId].Add(e.ToId);
                    if (outgoing.TryAdd(e.ToId, [])) next.Add(e.ToId);
                }
            if (outgoing.Count >= WalkLimit) return null;
            frontier = next;
        }
        return outgoing;
    }

    private static bool Reaches(Dictionary<Guid, List<Guid>> outgoing, Guid start, Guid target)
    {
        var seen = new HashSet<Guid> { start };
        var stack = new Stack<Guid>([start]);
        while (stack.TryPop(out var node))
        {
            if (node == target) return true;
            foreach (var next in outgoing[node])
                if (seen.Add(next)) stack.Push(next);
        }
        return false;
    }

    /// <summary>
    /// Kahn's algorithm over the edge list (ids only, streamed) from the sources, then again backwards from the
    /// sinks: what neither pass can remove lies on a cycle.
    /// </summary>
    private static async Task<Dictionary<Guid, NodeType>> FullAsync(GovernanceDbContext db, CancellationToken ct)
    {
        var outgoing = new Dictionary<Guid, List<Guid>>();
        var indegree = new Dictionary<Guid, int>();
        var types = new Dictionary<Guid, NodeType>();
        await foreach (var e in db.LineageEdges.AsNoTracking().Select(e => new { e.FromId, e.FromType, e.ToId }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!outgoing.TryGetValue(e.FromId, out var list)) outgoing[e.FromId] = list = [];
            list.Add(e.ToId);
            indegree[e.ToId] = indegree.GetValueOrDefault(e.ToId) + 1;
            indegree.TryAdd(e.FromId, 0);
            types[e.FromId] = e.FromType;
        }
        var ready = new Queue<Guid>(indegree.Where(p => p.Value == 0).Select(p => p.Key));
        while (ready.TryDequeue(out var node))
            foreach (var next in outgoing.GetValueOrDefault(node) ?? [])
                if (--indegree[next] == 0) ready.Enqueue(next);

        // What is left lies on a cycle or downstream of one; peel the downstream part from the sinks backwards
        // (nodes whose remaining successors are all gone), so only nodes on a cycle are reported.
        var left = indegree.Where(p => p.Value > 0).Select(p => p.Key).ToHashSet();
        var incoming = new Dictionary<Guid, List<Guid>>();
        var outdegree = left.ToDictionary(n => n, n => (outgoing.GetValueOrDefault(n) ?? []).Count(left.Contains));
        foreach (var from in left)
            foreach (var to in (outgoing.GetValueOrDefault(from) ?? []).Where(left.Contains))
                (incoming.TryGetValue(to, out var list) ? list : incoming[to] = []).Add(from);
        var sinks = new Queue<Guid>(outdegree.Where(p => p.Value == 0).Select(p => p.Key));
        while (sinks.TryDequeue(out var sink))
        {
            left.Remove(sink);
            foreach (var from in incoming.GetValueOrDefault(sink) ?? [])
                if (--outdegree[from] == 0) sinks.Enqueue(from);
        }
        return left.Where(types.ContainsKey).ToDictionary(n => n, n => types[n]);
    }
}

/// <summary>Display names of lineage nodes, read in a few queries.</summary>
internal static class NodeNames
{
    public static async Task<Dictionary<Guid, string>> ReadAsync(GovernanceDbContext db, IReadOnlyDictionary<Guid, NodeType> nodes, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        List<Guid> Of(NodeType t) => nodes.Where(n => n.Value == t).Select(n => n.Key).ToList();
        var versions = Of(NodeType.ModelVersion);
        foreach (var v in await db.ModelVersions.AsNoTracking().Where(v => versions.Contains(v.Id)).Select(v => new { v.Id, v.Model!.Name, v.Version }).ToListAsync(ct))
            names[v.Id] = T.VersionName(v.Name, v.Version);
        var runs = Of(NodeType.TrainingRun);
        foreach (var r in await db.TrainingRuns.AsNoTracking().Where(r => runs.Contains(r.Id)).Select(r => new { r.Id, r.JobName }).ToListAsync(ct))
            names[r.Id] = r.JobName;
        var datasets = Of(NodeType.DatasetVersion);
        foreach (var d in await db.DatasetVersions.AsNoTracking().Where(d => datasets.Contains(d.Id)).Select(d => new { d.Id, d.Dataset!.Name, d.Version }).ToListAsync(ct))
            names[d.Id] = $"{d.Name} @ {d.Version}";
        return names;
    }
}
