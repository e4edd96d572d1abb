using System.Threading.RateLimiting;
using GovernancePortal.Core.Identity.SignIn;
using Microsoft.AspNetCore.RateLimiting;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// Limits in front of everything that checks a secret (docs/security.md, settings <c>SignIn:*</c>): sign-in POSTs per client
/// address and per account, and API calls per client address before a token is looked up (a forged token passes the public
/// checksum, so per-token buckets alone would hand each forgery a fresh budget). Runs as the rate limiter's global limiter,
/// before authentication; the API's per-token policy (<see cref="Api.ApiLimits"/>) comes after it.
/// </summary>
public static class AbuseLimits
{
    private const string AccountKey = "gp.sign-in-account";
    private static readonly string[] SignInPaths = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    public static bool IsSignInPost(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && SignInPaths.Any(p => http.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));

    /// <param name="apiPerSecond">Settings <c>Api:PerAddressPerSecond</c> and <c>Api:PerAddressBurst</c>: /api requests per client address.</param>
    public static void AddAbuseLimits(this RateLimiterOptions o, SignInLimits limits, int apiPerSecond, int apiBurst)
    {
        var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (IsSignInPost(http))
                return RateLimitPartition.GetTokenBucketLimiter("sign-in:" + address, _ => Bucket(limits.PerAddressPermits, limits.Window));
            if (http.Request.Path.StartsWithSegments("/api"))
                return RateLimitPartition.GetTokenBucketLimiter("api:" + address, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, apiBurst), TokensPerPeriod = Math.Max(1, apiPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
                });
            return RateLimitPartition.GetNoLimiter("none");
        });
        // The account is the e-mail typed, known or not: the same budget for real and made-up accounts.
        var perAccount = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            IsSignInPost(http) && http.Items[AccountKey] is string account
                ? RateLimitPartition.GetTokenBucketLimiter("account:" + account, _ => Bucket(limits.PerAccountPermits, limits.Window))
                : RateLimitPartition.GetNoLimiter("none"));
        o.GlobalLimiter = PartitionedRateLimiter.CreateChained(perAddress, perAccount);
    }

    private static TokenBucketRateLimiterOptions Bucket(int permits, TimeSpan window) => new()
    {
        TokenLimit = Math.Max(1, permits), TokensPerPeriod = Math.Max(1, permits), ReplenishmentPeriod = window, QueueLimit = 0, AutoReplenishment = true,
    };

    /// <summary>
    /// Reads the account from a sign-in form before the limiter runs (the limiter's partitioning is synchronous). The form is
    /// buffered by ASP.NET Core, so the page binds the same form afterwards.
    /// </summary>
    public static void UseSignInAccountKey(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (IsSignInPost(http) && http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var email = form["Input.Email"].ToString();
            if (email.Length > 0) http.Items[AccountKey] = email.Trim().ToUpperInvariant();
        }
        await next(http);
    });
}
