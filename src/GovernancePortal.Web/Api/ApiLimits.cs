using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using GovernancePortal.Web.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace GovernancePortal.Web.Api;

/// <summary>
/// Body size and rate limits for /api (settings Api:MaxBodyBytes, Api:RequestsPerSecond, Api:Burst per token; Api:PerAddressPerSecond,
/// Api:PerAddressBurst per client address, in front of the token lookup, see <see cref="AbuseLimits"/>).
/// </summary>
public static class ApiLimits
{
    public const string RateLimitPolicy = "per-token";

    public static void AddApiRateLimiting(this IServiceCollection services, IConfiguration config)
    {
        var perSecond = config.GetValue("Api:RequestsPerSecond", 5_000);
        var burst = config.GetValue("Api:Burst", 10_000);
        var abuse = config.GetSection(Core.Identity.SignIn.SignInLimits.Section).Get<Core.Identity.SignIn.SignInLimits>() ?? new();
        services.AddRateLimiter(o =>
        {
            o.AddAbuseLimits(abuse, config.GetValue("Api:PerAddressPerSecond", 1_000), config.GetValue("Api:PerAddressBurst", 2_000));
            // Runs before authentication: a well-formed token (checksum passes) is its own partition, anything
            // else shares one per remote address, so garbage tokens cannot each get a fresh bucket.
            o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
            }));
            o.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)after.TotalSeconds) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retry.ToString();
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (!context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    await context.HttpContext.Response.WriteAsync($"Too many sign-in attempts. Try again in {retry} seconds.", ct);
                    return;
                }
                await Results.Problem(statusCode: 429, title: "Too many requests", detail: $"Rate limit reached; retry after {retry} s.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }

    private static string PartitionKey(HttpContext http) =>
        BearerToken.Of(http) is { Hash: { } hash } ? "token:" + hash[..16] : "address:" + http.Connection.RemoteIpAddress;

    /// <summary>Refuses API bodies over Api:MaxBodyBytes (default 5 MiB) with 413 before anything is read.</summary>
    public static void UseApiBodyLimit(this WebApplication app)
    {
        var bodyLimit = app.Configuration.GetValue<long>("Api:MaxBodyBytes", 5 * 1024 * 1024);
        // A computed-evidence upload carries up to two files (robustness): ComputedEvidenceOptions owns that limit.
        var uploadLimit = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Features.Evaluations.Computed.ComputedEvidenceOptions>>().Value.MaxRequestBytes;
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), branch => branch.Use(async (http, next) =>
        {
            var limit = ComputedEvidenceApi.IsUpload(http.Request) ? uploadLimit : bodyLimit;
            if (http.Request.ContentLength > limit)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await Results.Problem(statusCode: 413, title: "Request body too large", detail: $"The limit is {limit:N0} bytes; split the batch.").ExecuteAsync(http);
                return;
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
            await next(http);
        }));
    }
}
