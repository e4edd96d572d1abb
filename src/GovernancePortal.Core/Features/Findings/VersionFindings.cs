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
    /// <summary>When one entity is related in several ways, the first of these names it (a run's input before the run).</summary>
    private static readonly FindingRelation[] Precedence =
        [FindingRelation.Version, FindingRelation.Input, FindingRelation.Endpoint, FindingRelation.ProducingRun, FindingRelation.Evaluation];

    /// <summary>
    /// One statement (ADR 0075): the related entities as a union of (id, relation) joined to the active findings, where
    /// it was five (the evaluations', runs', inputs' and endpoints' ids, then the findings), each a round trip on PostgreSQL.
    /// </summary>
    public static async Task<IReadOnlyList<RelatedFinding>> ActiveAroundAsync(GovernanceDbContext db, Guid versionId, CancellationToken ct = default)
    {
        var runs = db.LineageEdges.Where(e => e.ToId == versionId && e.Kind == EdgeKind.Produced && e.FromType == NodeType.TrainingRun).Select(e => e.FromId);
        var related = db.ModelVersions.Where(v => v.Id == versionId).Select(v => new { v.Id, Relation = FindingRelation.Version })
            .Concat(db.Evaluations.Where(e => e.ModelVersionId == versionId).Select(e => new { e.Id, Relation = FindingRelation.Evaluation }))
            .Concat(runs.Select(id => new { Id = id, Relation = FindingRelation.ProducingRun }))
            .Concat(db.LineageEdges.Where(e => runs.Contains(e.ToId) && e.Kind == EdgeKind.Consumed).Select(e => new { Id = e.FromId, Relation = FindingRelation.Input }))
            .Concat(EndpointServing.ServingOrClaiming(db, versionId).Select(e => new { e.Id, Relation = FindingRelation.Endpoint }));
        var rows = await db.Findings.AsNoTracking().Where(f => f.ResolvedAt == null)
            .Join(related, f => f.EntityId, r => r.Id, (f, r) => new { Finding = f, r.Relation }).ToListAsync(ct);
        return rows.GroupBy(r => r.Finding.Id)
            .Select(g => g.OrderBy(r => Array.IndexOf(Precedence, r.Relation)).First())
            .Select(r => new RelatedFinding(r.Finding, r.Relation))
            .OrderByDescending(r => r.Finding.Severity).ThenBy(r => r.Relation).ThenBy(r => r.Finding.EntityName, StringComparer.Ordinal)
            .ThenBy(r => r.Finding.Title, StringComparer.Ordinal).ToList(); // ties were in the database's row order, which a join changes
    }
}
