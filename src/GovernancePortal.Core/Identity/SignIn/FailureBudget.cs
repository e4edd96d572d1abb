using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Identity.SignIn;

/// <summary>
/// Counts failures, not requests: a key (address + account, or a step-up account) has a budget of failures per window,
/// taken only when a password turns out wrong. Once it is spent, attempts are refused before the password is checked,
/// so they never reach Identity's lockout counter. Built on the framework's fixed-window limiter.
/// </summary>
public sealed class FailureBudget : IDisposable
{
    private readonly PartitionedRateLimiter<string> signIn, stepUp;

    public FailureBudget(IOptions<SignInLimits> options)
    {
        var o = options.Value;
        signIn = Create(o.FailuresPerAddressAndAccount, o.FailureWindow);
        stepUp = Create(o.StepUpFailures, o.FailureWindow);
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true,
        }));

    public static string SignInKey(string? address, string account) => $"{address ?? "unknown"}|{account.Trim().ToUpperInvariant()}";

    /// <summary>Null while failures remain for <paramref name="key"/>; otherwise how long until they do.</summary>
    public TimeSpan? SignInExhausted(string key) => Exhausted(signIn, key);
    public void SignInFailed(string key) => signIn.AttemptAcquire(key).Dispose();

    public TimeSpan? StepUpExhausted(string userId) => Exhausted(stepUp, userId);
    public void StepUpFailed(string userId) => stepUp.AttemptAcquire(userId).Dispose();

    private static TimeSpan? Exhausted(PartitionedRateLimiter<string> limiter, string key)
    {
        // Asking for zero permits succeeds while any is left and takes nothing.
        using var lease = limiter.AttemptAcquire(key, 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    public void Dispose()
    {
        signIn.Dispose();
        stepUp.Dispose();
    }
}
