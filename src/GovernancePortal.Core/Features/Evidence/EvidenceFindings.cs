using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Findings;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>
/// The one place evidence documents read findings from. Kept small on purpose: the findings engine is being replaced,
/// and only these two queries need to follow it.
/// </summary>
internal static class EvidenceFindings
{
    /// <summary>Open and resolved findings about the given entities (a version, its evaluations, its use), newest first.</summary>
    public static async Task<List<FindingFact>> AboutAsync(GovernanceDbContext db, IReadOnlyCollection<Guid> entityIds, CancellationToken ct) =>
        (await db.Set<Finding>().AsNoTracking().Where(f => entityIds.Contains(f.EntityId)).ToListAsync(ct))
        .OrderBy(f => f.ResolvedAt is null ? 0 : 1).ThenByDescending(f => f.LastSeen)
        .Select(f => new FindingFact(f.Rule, f.Severity, $"{f.EntityType} {f.EntityId}", f.Message, f.FirstSeen, f.ResolvedAt)).ToList();

    public static async Task<List<FindingFact>> OpenOnAsync(GovernanceDbContext db, IReadOnlyCollection<Guid> entityIds, CancellationToken ct) =>
        (await AboutAsync(db, entityIds, ct)).Where(f => f.ResolvedAt is null).ToList();
}
