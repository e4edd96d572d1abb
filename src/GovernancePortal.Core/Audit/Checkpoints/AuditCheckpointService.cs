using System.Text.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions.Attestation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Audit.Checkpoints;

public sealed record CheckpointRow(long Sequence, string HeadHash, DateTime Time, CheckpointReason Reason, string KeyId, DsseEnvelope Envelope);

/// <summary>Signs, stores and lists checkpoints of the audit chain head with the portal's attestation key.</summary>
public sealed class AuditCheckpointService(
    IDbContextFactory<GovernanceDbContext> dbFactory, AttestationKeyService keys, TimeProvider time, ILogger<AuditCheckpointService> log)
{
    /// <summary>Signs the current head (sequence 0 and the genesis hash for an empty chain) and stores the checkpoint.</summary>
    public async Task<CheckpointRow> WriteAsync(CheckpointReason reason, CancellationToken ct = default)
    {
        var (key, keyId) = await keys.ActiveAsync(ct);
        using (key)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var head = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(ct);
            var now = AuditHasher.Normalize(time.GetUtcNow().UtcDateTime);
            var statement = CheckpointStatement.Of(head?.Sequence ?? 0, head?.Hash ?? AuditHasher.GenesisHash, now);
            var envelope = Dsse.Sign(statement.ToPayload(), CheckpointStatement.PayloadType, key, keyId);
            var row = new AuditCheckpoint
            {
                Sequence = statement.Sequence, HeadHash = statement.HeadHash, Time = now,
                Reason = reason, KeyId = keyId, Envelope = JsonSerializer.Serialize(envelope),
            };
            db.Add(row);
            await db.SaveChangesAsync(ct);
            return ToRow(row);
        }
    }

    /// <summary>
    /// For callers whose own change has already committed (an approval): a failed checkpoint must not turn their
    /// success into an error; the next scheduled checkpoint covers the same head.
    /// </summary>
    public async Task TryWriteAsync(CheckpointReason reason, CancellationToken ct = default)
    {
        try { await WriteAsync(reason, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "Could not write the {Reason} audit checkpoint; the next scheduled one covers it.", reason);
        }
    }

    /// <summary>Newest first.</summary>
    public async Task<Page<CheckpointRow>> ListAsync(int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.AuditCheckpoints.CountAsync(ct);
        var rows = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Id).PageOf(page, pageSize).ToListAsync(ct);
        return new(rows.Select(ToRow).ToList(), total);
    }

    public async Task<CheckpointRow?> LatestAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        return row is null ? null : ToRow(row);
    }

    /// <summary>
    /// The checkpoints kept in the database, each checked against the published keys. They catch a careless
    /// truncation; an attacker who also deletes them is caught only by the copies kept elsewhere.
    /// </summary>
    public async Task<(IReadOnlyList<AuditAnchor> Anchors, IReadOnlyList<string> Problems)> StoredAnchorsAsync(CancellationToken ct = default)
    {
        var published = await keys.PublicKeysAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var anchors = new List<AuditAnchor>();
        var problems = new List<string>();
        await foreach (var row in db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            var check = CheckpointVerifier.Verify(Parse(row.Envelope), published);
            if (check.Statement is { } s && s.Sequence == row.Sequence && s.HeadHash == row.HeadHash) anchors.Add(s.ToAnchor("the stored checkpoint"));
            else problems.Add($"The stored checkpoint of entry #{row.Sequence} is not genuine: {check.Problem ?? "its listed head differs from what was signed"}.");
        }
        return (anchors, problems);
    }

    private static CheckpointRow ToRow(AuditCheckpoint c) => new(c.Sequence, c.HeadHash, c.Time, c.Reason, c.KeyId, Parse(c.Envelope)!);

    private static DsseEnvelope? Parse(string json)
    {
        try { return JsonSerializer.Deserialize<DsseEnvelope>(json); }
        catch (JsonException) { return null; }
    }
}
