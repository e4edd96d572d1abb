using GovernancePortal.Core.Audit.Checkpoints;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Audit;

/// <summary>What is wrong with the chain, so an operator knows what happened (and a script can tell).</summary>
public enum AuditBreak { Missing, Relinked, Altered, Truncated, Rewritten, Emptied, CheckpointInvalid }

/// <param name="FirstBrokenSequence">The first entry whose hash, link or sequence does not check out; null when intact.</param>
/// <param name="HeadHash">Hash of the last verified entry: record it elsewhere to detect truncation later.</param>
/// <param name="AnchorsChecked">How many recorded heads (checkpoints, --expect-head) the chain was compared with.</param>
public sealed record AuditVerification(long EntriesChecked, long? FirstBrokenSequence, string? Problem, string? HeadHash = null,
    AuditBreak? Break = null, int AnchorsChecked = 0)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>
/// Walks the chain in sequence order, in batches, recomputing every hash; then compares it with the heads recorded
/// outside it (the stored checkpoints and any the caller brings), which is what exposes a cut-off or rewritten end;
/// and refuses an empty chain beside governed data.
/// </summary>
public sealed class AuditChainVerifier(IDbContextFactory<GovernanceDbContext> dbFactory, AuditCheckpointService checkpoints)
{
    private const int BatchSize = 5_000;

    /// <param name="anchors">Heads recorded elsewhere (e.g. <c>--expect-head</c>, a downloaded checkpoint list), checked besides the stored checkpoints.</param>
    public async Task<AuditVerification> VerifyAsync(IReadOnlyCollection<AuditAnchor>? anchors = null, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var (stored, storedProblems) = await checkpoints.StoredAnchorsAsync(ct);
        if (storedProblems.Count > 0) return new(0, 0, storedProblems[0], Break: AuditBreak.CheckpointInvalid);
        var all = stored.Concat(anchors ?? []).Where(a => a.Sequence > 0).ToList();
        var wanted = all.ToLookup(a => a.Sequence);

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
                    return new(checkedCount, expected, $"Entry {expected} is missing (next is {entry.Sequence}).", Break: AuditBreak.Missing);
                if (entry.PreviousHash != previousHash)
                    return new(checkedCount, entry.Sequence, "Its link to the previous entry does not match.", Break: AuditBreak.Relinked);
                if (AuditHasher.ComputeHash(entry) != entry.Hash)
                    return new(checkedCount, entry.Sequence, "Its content does not match its hash (it was altered).", Break: AuditBreak.Altered);
                if (wanted[entry.Sequence].FirstOrDefault(a => a.Hash != entry.Hash) is { } differs)
                    return new(checkedCount, entry.Sequence,
                        $"Entry #{entry.Sequence} has hash {entry.Hash}, but {differs.Source} recorded {differs.Hash}: the chain was rewritten at or before that entry.",
                        Break: AuditBreak.Rewritten, AnchorsChecked: all.Count);
                previousHash = entry.Hash;
                expected++;
                checkedCount++;
            }
            progress?.Report(total == 0 ? 1 : (double)checkedCount / total);
        }
        progress?.Report(1);

        if (all.MaxBy(a => a.Sequence) is { } beyond && beyond.Sequence > checkedCount)
            return new(checkedCount, checkedCount + 1,
                $"The chain ends at entry #{checkedCount}, but {beyond.Source} recorded entry #{beyond.Sequence} with hash {beyond.Hash}: entries from #{checkedCount + 1} on were removed.",
                Break: AuditBreak.Truncated, AnchorsChecked: all.Count);
        if (checkedCount == 0 && await GovernedData.TablesWithRowsAsync(db, ct) is { Count: > 0 } tables)
            return new(0, 1, GovernedData.EmptiedChain(tables), Break: AuditBreak.Emptied);
        return new(checkedCount, null, null, previousHash, AnchorsChecked: all.Count);
    }
}
