using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Audit.Checkpoints;
using GovernancePortal.Core.Features.Promotions.Attestation;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// <c>verify-audit [--expect-head SEQUENCE:HASH] [--checkpoints FILE] [--keys FILE]</c>: the chain itself, the stored
/// checkpoints, and heads the operator kept elsewhere. Exit 1 on any break or a checkpoint that is not genuine.
/// </summary>
public static class VerifyAuditVerb
{
    public static async Task<int> RunAsync(IServiceProvider services, CommandLine command, TextWriter stdout)
    {
        var anchors = new List<AuditAnchor>();
        if (command.Options.GetValueOrDefault("expect-head") is { } head) anchors.Add(ParseHead(head));
        if (command.Options.GetValueOrDefault("checkpoints") is { } file)
        {
            var keys = command.Options.GetValueOrDefault("keys") is { } keyFile
                ? ReadKeys(keyFile)
                : await services.GetRequiredService<AttestationKeyService>().PublicKeysAsync();
            var (fromFile, refused) = ReadCheckpoints(file, keys);
            if (refused is not null)
            {
                await stdout.WriteLineAsync("error: " + refused);
                return 1;
            }
            anchors.AddRange(fromFile);
        }

        var result = await services.GetRequiredService<AuditChainVerifier>().VerifyAsync(anchors);
        if (result.Intact)
        {
            await stdout.WriteLineAsync($"Audit chain intact: {result.EntriesChecked:N0} entries verified, consistent with {result.AnchorsChecked:N0} recorded heads. Head: #{result.EntriesChecked} {result.HeadHash}");
            await stdout.WriteLineAsync($"Keep it elsewhere and check later with: verify-audit --expect-head {result.EntriesChecked}:{result.HeadHash}");
            return 0;
        }
        var what = result.Break switch
        {
            AuditBreak.Truncated => "Audit chain TRUNCATED",
            AuditBreak.Rewritten => $"Audit chain REWRITTEN at entry {result.FirstBrokenSequence}",
            AuditBreak.Emptied => "Audit chain EMPTIED",
            AuditBreak.CheckpointInvalid => "Audit checkpoints TAMPERED",
            _ => $"Audit chain BROKEN at entry {result.FirstBrokenSequence}",
        };
        await stdout.WriteLineAsync($"{what}: {result.Problem}");
        await stdout.WriteLineAsync($"first bad entry: {result.FirstBrokenSequence}");
        return 1;
    }

    private static AuditAnchor ParseHead(string value)
    {
        var parts = value.Trim().Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], out var sequence) || sequence < 1 || !CheckpointVerifier.IsHash(parts[1].ToLowerInvariant()))
            throw new ArgumentException("--expect-head takes SEQUENCE:HASH, e.g. 1234:<64 hex digits> (as printed by an earlier verify-audit).");
        return new(sequence, parts[1].ToLowerInvariant(), "--expect-head");
    }

    private static JsonElement ReadJson(string path, string option)
    {
        try { return JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ArgumentException($"--{option} {path}: {ex.Message}");
        }
    }

    /// <summary>The body of GET /api/v1/attestation-keys: [{ "keyId", "pem" }, ...].</summary>
    private static List<PublicAttestationKey> ReadKeys(string path)
    {
        var root = ReadJson(path, "keys");
        if (root.ValueKind != JsonValueKind.Array) throw new ArgumentException($"--keys {path}: expected the JSON array GET /api/v1/attestation-keys returns.");
        return root.EnumerateArray().Select(k => new PublicAttestationKey(
            k.TryGetProperty("keyId", out var id) ? id.GetString() ?? "" : "", k.TryGetProperty("pem", out var pem) ? pem.GetString() ?? "" : "",
            default, true)).ToList();
    }

    /// <summary>
    /// The body of GET /api/v1/audit/checkpoints (or its items array). Only the signed payload counts; listed fields
    /// that differ from it mean someone edited the file, and the whole file is refused.
    /// </summary>
    private static (List<AuditAnchor> Anchors, string? Refused) ReadCheckpoints(string path, IReadOnlyCollection<PublicAttestationKey> keys)
    {
        var root = ReadJson(path, "checkpoints");
        var items = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var list) ? list : root;
        if (items.ValueKind != JsonValueKind.Array) throw new ArgumentException($"--checkpoints {path}: expected the JSON GET /api/v1/audit/checkpoints returns.");
        var anchors = new List<AuditAnchor>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            index++;
            DsseEnvelope? envelope;
            try { envelope = (item.TryGetProperty("envelope", out var e) ? e : item).Deserialize<DsseEnvelope>(); }
            catch (JsonException) { envelope = null; }
            var check = CheckpointVerifier.Verify(envelope, keys);
            if (check.Statement is not { } s) return ([], $"checkpoint {index} in {path} is refused: {check.Problem}.");
            var listedSequence = item.TryGetProperty("sequence", out var seq) && seq.TryGetInt64(out var n) ? n : s.Sequence;
            var listedHash = item.TryGetProperty("headHash", out var h) ? h.GetString() : s.HeadHash;
            if (listedSequence != s.Sequence || listedHash != s.HeadHash)
                return ([], $"checkpoint {index} in {path} is refused: its listed head (#{listedSequence} {listedHash}) is not what was signed (#{s.Sequence} {s.HeadHash}).");
            anchors.Add(s.ToAnchor($"checkpoint {index} of {Path.GetFileName(path)}"));
        }
        return (anchors, null);
    }
}
