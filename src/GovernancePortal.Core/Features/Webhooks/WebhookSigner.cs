using System.Security.Cryptography;
using System.Text;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")),
/// the key being the secret's bytes after <c>whsec_</c>.
/// </summary>
public static class WebhookSigner
{
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.Key(secret), content));
    }
}
