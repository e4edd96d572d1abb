using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.Web.Api;

/// <summary>
/// This request's <c>Authorization: Bearer</c> token, read and hashed once: the per-token rate limit partitions by the hash
/// before authentication, and the authentication handler looks the same hash up (ADR 0073). The checks stay in
/// <see cref="ServiceToken"/>: a malformed token has no hash and is never looked up. The token itself is not kept: only
/// its hash is ever used, and the request's items are no place for a secret.
/// </summary>
public sealed record BearerToken(string? Hash)
{
    private const string Item = "gp.bearer-token";

    /// <summary>The request's bearer token, or null when the request sends none.</summary>
    public static BearerToken? Of(HttpContext http)
    {
        if (http.Items.TryGetValue(Item, out var known)) return (BearerToken?)known;
        var header = http.Request.Headers.Authorization.ToString();
        BearerToken? bearer = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            bearer = new BearerToken(ServiceToken.IsWellFormed(token) ? ServiceToken.Hash(token) : null);
        }
        http.Items[Item] = bearer;
        return bearer;
    }
}
