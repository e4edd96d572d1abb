using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>Which digests an <see cref="EvidenceFile"/> row names: kept (served, never swept), the one query for it.</summary>
internal static class EvidenceFileQueries
{
    public static async Task<HashSet<string>> NamedDigestsAsync(this GovernanceDbContext db, IReadOnlyCollection<string> digests, CancellationToken ct) =>
        (await db.EvidenceFiles.AsNoTracking().Where(f => digests.Contains(f.Sha256)).Select(f => f.Sha256).ToListAsync(ct)).ToHashSet();
}
