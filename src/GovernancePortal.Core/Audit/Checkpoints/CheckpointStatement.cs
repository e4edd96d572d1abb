using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using GovernancePortal.Core.Features.Promotions.Attestation;

namespace GovernancePortal.Core.Audit.Checkpoints;

/// <summary>The signed content of a checkpoint: the DSSE payload, as JSON with these names.</summary>
public sealed record CheckpointStatement(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("headHash")] string HeadHash,
    [property: JsonPropertyName("time")] string Time)
{
    public const string PayloadType = "application/vnd.governance-portal.audit-checkpoint+json";

    public static CheckpointStatement Of(long sequence, string headHash, DateTime utc) =>
        new(sequence, headHash, AuditHasher.Normalize(utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    public byte[] ToPayload() => JsonSerializer.SerializeToUtf8Bytes(this);

    public AuditAnchor ToAnchor(string source) => new(Sequence, HeadHash, $"{source} (entry #{Sequence}, signed {Time})");
}

/// <summary>The outcome of checking one checkpoint: its statement when the signature holds, otherwise why not.</summary>
public sealed record CheckpointCheck(CheckpointStatement? Statement, string? Problem)
{
    public bool Valid => Statement is not null;
}

/// <summary>
/// The one place that decides whether a checkpoint is genuine: a DSSE envelope of the checkpoint payload type,
/// signed by a published attestation key whose id is the SHA-256 of that public key (so a key swapped in the
/// database cannot pass for the one that signed), with a well-formed statement.
/// </summary>
public static class CheckpointVerifier
{
    public static CheckpointCheck Verify(DsseEnvelope? envelope, IReadOnlyCollection<PublicAttestationKey> keys)
    {
        if (envelope is null || envelope.Signatures is not { Count: > 0 }) return Fail("it carries no signature");
        if (envelope.PayloadType != CheckpointStatement.PayloadType) return Fail($"its payload type is '{envelope.PayloadType}', not an audit checkpoint");
        foreach (var signature in envelope.Signatures)
        {
            var key = keys.FirstOrDefault(k => k.KeyId == signature.KeyId);
            if (key is null) return Fail($"it is signed with key {Short(signature.KeyId)}, which is not a published attestation key");
            using var publicKey = ECDsa.Create();
            try { publicKey.ImportFromPem(key.Pem); }
            catch (ArgumentException) { return Fail($"public key {Short(key.KeyId)} cannot be read"); }
            if (Convert.ToHexStringLower(SHA256.HashData(publicKey.ExportSubjectPublicKeyInfo())) != key.KeyId)
                return Fail($"public key {Short(key.KeyId)} does not match its key id (it was replaced)");
            if (!Dsse.Verify(envelope, publicKey, key.KeyId)) return Fail("its signature does not verify (it was altered)");
        }
        CheckpointStatement? statement;
        try { statement = JsonSerializer.Deserialize<CheckpointStatement>(Convert.FromBase64String(envelope.Payload)); }
        catch (Exception ex) when (ex is JsonException or FormatException) { return Fail("its payload is not a checkpoint statement"); }
        if (statement is null || statement.Sequence < 0 || !IsHash(statement.HeadHash)) return Fail("its payload is not a checkpoint statement");
        return new(statement, null);
    }

    public static bool IsHash(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static CheckpointCheck Fail(string why) => new(null, why);
    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
