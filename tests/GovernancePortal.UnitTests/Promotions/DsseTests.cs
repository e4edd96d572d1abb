using System.Security.Cryptography;
using System.Text;
using GovernancePortal.Core.Features.Promotions.Attestation;

namespace GovernancePortal.UnitTests.Promotions;

public class DsseTests
{
    [Fact]
    public void Pae_FollowsTheSpec()
    {
        // The DSSE specification's own example: PAE("http://example.com/HelloWorld", "hello world").
        var pae = Dsse.Pae("http://example.com/HelloWorld", Encoding.UTF8.GetBytes("hello world"));
        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void Signature_VerifiesWithThePublicKeyAlone_AndIsDer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var envelope = Dsse.Sign("{\"a\":1}"u8.ToArray(), Dsse.InTotoPayloadType, key, "k1");
        using var publicOnly = ECDsa.Create();
        publicOnly.ImportFromPem(key.ExportSubjectPublicKeyInfoPem());
        Assert.True(Dsse.Verify(envelope, publicOnly, "k1"));
        Assert.Equal(0x30, Convert.FromBase64String(envelope.Signatures[0].Sig)[0]); // ASN.1 SEQUENCE
    }

    [Fact]
    public void ModifiedPayload_OrType_OrKey_IsRejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var envelope = Dsse.Sign("{\"stage\":\"Staging\"}"u8.ToArray(), Dsse.InTotoPayloadType, key, "k1");
        var tampered = envelope with { Payload = Convert.ToBase64String("{\"stage\":\"Production\"}"u8.ToArray()) };
        Assert.False(Dsse.Verify(tampered, key, "k1"));
        Assert.False(Dsse.Verify(envelope with { PayloadType = "text/plain" }, key, "k1"));
        Assert.False(Dsse.Verify(envelope, other, "k1"));
        Assert.False(Dsse.Verify(envelope, key, "unknown-key"));
    }
}
