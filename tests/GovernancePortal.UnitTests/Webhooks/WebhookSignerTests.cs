using System.Security.Cryptography;
using System.Text;
using GovernancePortal.Core.Features.Webhooks;

namespace GovernancePortal.UnitTests.Webhooks;

/// <summary>
/// The signer against the Standard Webhooks specification, checked by recomputing the HMAC here from the spec's text
/// (key = base64-decoded secret after "whsec_", content = "{id}.{timestamp}.{body}", header = "v1," + base64), never by
/// calling the product's signer twice.
/// </summary>
public class WebhookSignerTests
{
    private static string Independent(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.Split('_', 2)[1]);
        using var hmac = new HMACSHA256(key);
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body)));
    }

    [Fact]
    public void Sign_ReferenceVectorOfTheStandardWebhooksLibraries_Matches()
    {
        // The vector the Standard Webhooks reference implementations test against.
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var signature = WebhookSigner.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
        Assert.Equal(Independent(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"), signature);
    }

    [Theory]
    [InlineData("{\"type\":\"finding.raised\",\"data\":{\"title\":\"Ünïcödé → ✓\"}}")]
    [InlineData("")]
    [InlineData("{\"a\":1}\n")]
    public void Sign_GeneratedSecret_AgreesWithAnIndependentHmac(string body)
    {
        var secret = WebhookSecret.Generate();
        Assert.Equal(Independent(secret, "msg_1", 1_700_000_000, body), WebhookSigner.Sign(secret, "msg_1", 1_700_000_000, body));
    }

    [Fact]
    public void Sign_AnyPartChanged_SignatureChanges()
    {
        var secret = WebhookSecret.Generate();
        var original = WebhookSigner.Sign(secret, "msg_1", 100, "{}");
        Assert.NotEqual(original, WebhookSigner.Sign(secret, "msg_2", 100, "{}"));
        Assert.NotEqual(original, WebhookSigner.Sign(secret, "msg_1", 101, "{}"));
        Assert.NotEqual(original, WebhookSigner.Sign(secret, "msg_1", 100, "{ }"));
        Assert.NotEqual(original, WebhookSigner.Sign(WebhookSecret.Generate(), "msg_1", 100, "{}"));
    }

    [Fact]
    public void Generate_IsWhsecPrefixedBase64Of32RandomBytes()
    {
        var secret = WebhookSecret.Generate();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSecret.Generate());
        Assert.Null(WebhookSecret.Problem(secret));
    }

    [Theory]
    [InlineData(null, "is required.")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with 'whsec_'")]
    [InlineData("whsec_not base64!", "base64")]
    [InlineData("whsec_", "base64")]
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", "24 to 64")] // 22 bytes
    public void Problem_MalformedSecret_SaysWhy(string? secret, string expected) =>
        Assert.Contains(expected, WebhookSecret.Problem(secret));

    [Fact]
    public void Problem_64BytesAccepted_65Refused()
    {
        Assert.Null(WebhookSecret.Problem("whsec_" + Convert.ToBase64String(new byte[64])));
        Assert.Contains("24 to 64", WebhookSecret.Problem("whsec_" + Convert.ToBase64String(new byte[65])));
    }
}
