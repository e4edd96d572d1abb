namespace GovernancePortal.Core.Features.Promotions.Attestation;

/// <summary>
/// A portal signing key (ECDSA P-256). The private key is stored encrypted with ASP.NET Core Data Protection;
/// retired keys stay published so attestations signed before a rotation still verify.
/// </summary>
public class AttestationKey : Domain.IAuditable
{
    /// <summary>Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo: the <c>keyid</c> in envelopes.</summary>
    public required string KeyId { get; set; }
    public required string PublicKeyPem { get; set; }
    /// <summary>PKCS#8 private key, encrypted with Data Protection; withheld from the audit chain.</summary>
    [Domain.NotAudited]
    public required string ProtectedPrivateKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
}
