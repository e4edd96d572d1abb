using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Endpoints;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings;

/// <summary>How a finding's entity relates to the version under review.</summary>
public enum FindingRelation { Version, Evaluation, ProducingRun, Input, Endpoint }

/// <summary>An active finding near a model version, and how its entity relates to it.</summary>
public sealed record RelatedFinding(Finding Finding, FindingRelation Relation)
{
    public string RelationText => Relation switch
    {
        FindingRelation.Version => "this version",
        FindingRelation.Evaluation => "an evaluation of it",
        FindingRelation.ProducingRun => "the run that produced it",
        FindingRelation.Input => "an input of that run",
        _ => "an endpoint serving it or reported as it",
    };
}

/// <summary>
/// Every active finding a reviewer of a version must see: on the version, its evaluations, the runs that produced it, those
/// runs' inputs (datasets, base models) and the endpoints that serve it or report that they do (<see cref="EndpointServing"/>).
/// The one query behind the review screen and anything else that asks "what is wrong around this version".
/// </summary>
public static class VersionFindings
{
    public static async Task<IReadOnlyList<RelatedFinding>> ActiveAroundAsync(GovernanceDbContext db, Guid versionId, CancellationToken ct = default)
    {
        var evaluations = await db.Evaluations.AsNoTracking().Where(e => e.ModelVersionId == versionId).Select(e => e.Id).ToListAsync(ct);
        var runs = await db.LineageEdges.AsNoTracking()
            .Where(e => e.ToId == versionId && e.Kind == EdgeKind.Produced && e.FromType == NodeType.TrainingRun).Select(e => e.FromId).ToListAsync(ct);
        var inputs = await db.LineageEdges.AsNoTracking()
            .Where(e => runs.Contains(e.ToId) && e.Kind == EdgeKind.Consumed).Select(e => e.FromId).Distinct().ToListAsync(ct);
        var endpoints = await EndpointServing.ServingOrClaiming(db, versionId).AsNoTracking().Select(e => e.Id).ToListAsync(ct);

        var relation = new Dictionary<Guid, FindingRelation> { [versionId] = FindingRelation.Version };
        foreach (var (ids, kind) in new[] { (inputs, FindingRelation.Input), (endpoints, FindingRelation.Endpoint), (runs, FindingRelation.ProducingRun), (evaluations, FindingRelation.Evaluation) })
            foreach (var id in ids) relation.TryAdd(id, kind);
        var all = relation.Keys.ToList();
        var findings = await db.Findings.AsNoTracking().Where(f => f.ResolvedAt == null && all.Contains(f.EntityId)).ToListAsync(ct);
        return findings.Select(f => new RelatedFinding(f, relation[f.EntityId]))
            .OrderByDescending(r => r.Finding.Severity).ThenBy(r => r.Relation).ThenBy(r => r.Finding.EntityName, StringComparer.Ordinal).ToList();
    }
}
