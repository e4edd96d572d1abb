using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings;

/// <summary>A finding as a rule reports it, before it is matched with what is already recorded.</summary>
public sealed record Detected(FindingRule Rule, FindingSeverity Severity, NodeType EntityType, Guid EntityId, string Message);

/// <summary>The lineage consistency rules, each a query over the register (set-based, not per entity).</summary>
internal static class ConsistencyRules
{
    public static async Task<List<Detected>> RunAsync(GovernanceDbContext db, CancellationToken ct)
    {
        var found = new List<Detected>();

        found.AddRange((await db.ModelVersions.AsNoTracking()
                .Where(v => !db.LineageEdges.Any(e => e.ToId == v.Id && e.Kind == EdgeKind.Produced))
                .Select(v => new { v.Id, Name = v.Model!.Name, v.Version }).ToListAsync(ct))
            .Select(v => new Detected(FindingRule.ModelVersionWithoutRun, FindingSeverity.Medium, NodeType.ModelVersion, v.Id,
                $"{v.Name} v{v.Version} has no producing training run: its provenance is unknown.")));

        found.AddRange((await db.LineageEdges.AsNoTracking()
                .Where(e => e.Kind == EdgeKind.Consumed && e.FromType == NodeType.DatasetVersion && !db.DatasetVersions.Any(d => d.Id == e.FromId))
                .Select(e => new { e.ToId, e.FromId }).ToListAsync(ct))
            .Select(e => new Detected(FindingRule.RunConsumedUnregisteredDataset, FindingSeverity.High, NodeType.TrainingRun, e.ToId,
                $"The run consumed dataset version {e.FromId}, which is not registered.")));

        // Conflicts are recorded in the audit chain when a pipeline reports a registered version with another digest.
        var conflicts = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "ModelVersion.DigestConflict")
            .Select(a => new { a.EntityId, a.Before, a.After }).ToListAsync(ct);
        found.AddRange(conflicts.Where(c => Guid.TryParse(c.EntityId, out _)).GroupBy(c => c.EntityId)
            .Select(g => new Detected(FindingRule.DigestConflict, FindingSeverity.Critical, NodeType.ModelVersion, Guid.Parse(g.Key),
                $"Reported with {g.Select(c => c.After).Distinct().Count()} other digest(s) than the registered {Digest.Short(g.First().Before)}…: which artifact is real?")));

        found.AddRange((await db.ServingEndpoints.AsNoTracking()
                .Where(e => !db.ModelVersions.Any(v => v.Sha256 == e.ReportedSha256))
                .Select(e => new { e.Id, e.Name, e.Environment, e.ReportedModelName, e.ReportedVersion }).ToListAsync(ct))
            .Select(e => new Detected(FindingRule.DeploymentServesUnregisteredDigest, FindingSeverity.Critical, NodeType.Endpoint, e.Id,
                $"{e.Name} ({e.Environment}) serves a digest that matches no registered version (reported as {e.ReportedModelName} v{e.ReportedVersion}).")));

        found.AddRange((await db.Evaluations.AsNoTracking()
                .Where(e => e.TargetSha256 != e.ModelVersion!.Sha256)
                .Select(e => new { e.Id, e.Kind, e.ModelVersionId }).ToListAsync(ct))
            .Select(e => new Detected(FindingRule.EvaluationOfChangedDigest, FindingSeverity.High, NodeType.Evaluation, e.Id,
                $"This {e.Kind} evaluation tested a different artifact than the version's current digest: it is not evidence for it.")));

        found.AddRange(await UntrackedPromotionsAsync(db, ct));
        found.AddRange(await CyclesAsync(db, ct));
        return found;
    }

    /// <summary>
    /// A Staging or Production deployment of a registered digest with no approved promotion of that version to that
    /// stage for the use it serves: something reached an environment without the governed change.
    /// </summary>
    private static async Task<List<Detected>> UntrackedPromotionsAsync(GovernanceDbContext db, CancellationToken ct)
    {
        var approved = (await db.Set<Promotions.PromotionRequest>().AsNoTracking().Where(r => r.Status == Promotions.PromotionStatus.Approved)
            .Select(r => new { r.ModelVersionId, r.AiSystemId, r.TargetStage }).ToListAsync(ct))
            .Select(r => (r.ModelVersionId, r.AiSystemId, r.TargetStage)).ToHashSet();
        // ...and the register still has the version in that stage for that use (not retired or demoted since).
        var staged = (await db.ModelVersionStages.AsNoTracking().Select(s => new { s.ModelVersionId, s.AiSystemId, s.Stage }).ToListAsync(ct))
            .Select(s => (s.ModelVersionId, s.AiSystemId, s.Stage)).ToHashSet();
        var rows = await db.ServingEndpoints.AsNoTracking()
            .Where(e => e.Environment != DeploymentEnvironment.Development)
            .Select(e => new
            {
                e.Id, e.Name, e.Environment, e.AiSystemId, Use = e.AiSystem!.Key,
                Version = db.ModelVersions.Where(v => v.Sha256 == e.ReportedSha256).OrderBy(v => v.CreatedAt)
                    .Select(v => new { v.Id, v.Version, Model = v.Model!.Name }).FirstOrDefault(),
            })
            .Where(e => e.Version != null)
            .ToListAsync(ct);
        var result = new List<Detected>();
        foreach (var e in rows)
        {
            var stage = e.Environment == DeploymentEnvironment.Production ? Stage.Production : Stage.Staging;
            if (e.AiSystemId is { } use && approved.Contains((e.Version!.Id, use, stage)) && staged.Contains((e.Version.Id, use, stage))) continue;
            result.Add(new Detected(FindingRule.UntrackedPromotion, FindingSeverity.Critical, NodeType.Endpoint, e.Id,
                $"{e.Name} ({e.Environment}) serves {e.Version!.Model} v{e.Version.Version} {(e.Use is null ? "for no registered use" : "for " + e.Use)} without an approved promotion to {stage}."));
        }
        return result;
    }

    /// <summary>
    /// Kahn's algorithm over the edge list (ids only, streamed) from the sources, then again backwards from the
    /// sinks: what neither pass can remove lies on a cycle.
    /// </summary>
    private static async Task<List<Detected>> CyclesAsync(GovernanceDbContext db, CancellationToken ct)
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
        return left.Where(types.ContainsKey)
            .Select(n => new Detected(FindingRule.LineageCycle, FindingSeverity.High, types[n], n,
                "This node is on a lineage cycle: something is recorded as its own ancestor."))
            .ToList();
    }
}
