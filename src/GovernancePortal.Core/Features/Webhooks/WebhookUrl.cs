using System.Net;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>
/// Which addresses the portal will post to (ADR 0029): absolute https URLs without credentials or fragment; plain http
/// only to a loopback host (localhost, 127.0.0.0/8, ::1) and only when <see cref="WebhookOptions.AllowHttpLoopback"/>
/// is on (Development and tests). Link-local addresses (cloud metadata services) are refused.
/// </summary>
public static class WebhookUrl
{
    public const int MaxLength = 2000;

    /// <summary>Why <paramref name="url"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string? url, bool allowHttpLoopback)
    {
        if (string.IsNullOrWhiteSpace(url)) return "is required.";
        if (url.Length > MaxLength) return $"must be at most {MaxLength} characters.";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.IsUnc || (uri.IsFile && !url.TrimStart().StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
            return "must be an absolute URL such as https://hooks.example.com/governance.";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return $"must use https, not '{uri.Scheme}'.";
        if (uri.Host.Length == 0) return "must name a host, such as https://hooks.example.com/governance.";
        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            if (!uri.IsLoopback) return "must use https (plain http is allowed only for localhost in Development).";
            if (!allowHttpLoopback) return "must use https (plain http to localhost is allowed only in Development).";
        }
        if (uri.UserInfo.Length > 0) return "must not contain a user name or password; the signature authenticates the portal.";
        if (uri.Fragment.Length > 0) return "must not contain a '#' fragment.";
        if (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IsLinkLocal(ip))
            return "must not point at a link-local address (such as a cloud metadata service).";
        return null;
    }

    private static bool IsLinkLocal(IPAddress ip) =>
        ip.IsIPv6LinkLocal || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && ip.GetAddressBytes() is [169, 254, ..]);
}
