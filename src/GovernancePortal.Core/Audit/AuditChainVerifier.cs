using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Audit;

/// <param name="FirstBrokenSequence">The first entry whose hash, link or sequence does not check out; null when intact.</param>
/// <param name="HeadHash">Hash of the last verified entry: record it elsewhere to detect truncation later.</param>
public sealed record AuditVerification(long EntriesChecked, long? FirstBrokenSequence, string? Problem, string? HeadHash = null)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>Walks the chain in sequence order, in batches, recomputing every hash.</summary>
public sealed class AuditChainVerifier(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    private const int BatchSize = 5_000;

    public async Task<AuditVerification> VerifyAsync(IProgress<double>? progress = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.AuditEntries.LongCountAsync(ct);
        var previousHash = AuditHasher.GenesisHash;
        long expected = 1, checkedCount = 0;
        while (true)
        {
            var from = expected;
            var batch = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence >= from)
                .OrderBy(a => a.Sequence).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var entry in batch)
            {
                if (entry.Sequence != expected)
                    return new(checkedCount, expected, $"Entry {expected} is missing (next is {entry.Sequence}).");
                if (entry.PreviousHash != previousHash)
                    return new(checkedCount, entry.Sequence, "Its link to the previous entry does not match.");
                if (AuditHasher.ComputeHash(entry) != entry.Hash)
                    return new(checkedCount, entry.Sequence, "Its content does not match its hash (it was altered).");
                previousHash = entry.Hash;
                expected++;
                checkedCount++;
            }
            progress?.Report(total == 0 ? 1 : (double)checkedCount / total);
        }
        progress?.Report(1);
        return new(checkedCount, null, null, previousHash);
    }
}
