using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace GovernancePortal.Core.Features.Promotions.Attestation;

/// <summary>A DSSE envelope (secure-systems-lab/dsse v1) as cosign and in-toto tooling read it.</summary>
public sealed record DsseEnvelope(
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures);

public sealed record DsseSignature([property: JsonPropertyName("keyid")] string KeyId, [property: JsonPropertyName("sig")] string Sig);

public static class Dsse
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>Pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body (lengths in bytes).</summary>
    public static byte[] Pae(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.UTF8.GetBytes($"DSSEv1 {type.Length} {payloadType} {payload.Length} ");
        return [.. header, .. payload];
    }

    /// <summary>Signs with ECDSA P-256 / SHA-256, signature DER-encoded (ASN.1 SEQUENCE of r, s) as cosign expects.</summary>
    public static DsseEnvelope Sign(byte[] payload, string payloadType, ECDsa key, string keyId) =>
        new(payloadType, Convert.ToBase64String(payload),
            [new DsseSignature(keyId, Convert.ToBase64String(key.SignData(Pae(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)))]);

    /// <summary>Verifies every signature made with <paramref name="keyId"/> using only the public key.</summary>
    public static bool Verify(DsseEnvelope envelope, ECDsa publicKey, string keyId)
    {
        byte[] payload;
        try { payload = Convert.FromBase64String(envelope.Payload); }
        catch (FormatException) { return false; }
        var signatures = envelope.Signatures.Where(s => s.KeyId == keyId).ToList();
        return signatures.Count > 0 && signatures.All(s =>
        {
            try
            {
                return publicKey.VerifyData(Pae(envelope.PayloadType, payload), Convert.FromBase64String(s.Sig),
                    HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }
            catch (FormatException) { return false; }
        });
    }
}
