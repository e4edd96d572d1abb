namespace GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

/// <summary>
/// The Wilson score interval for a binomial proportion at 95 % (Wilson 1927; Newcombe 1998, method 3): unlike the
/// normal approximation it stays inside [0, 1] and is not zero-width at 0/n or n/n, which is exactly where red-team
/// results sit (a handful of successful attacks out of hundreds of attempts).
/// </summary>
public static class WilsonInterval
{
    /// <summary>The two-sided 95 % standard normal quantile, Φ⁻¹(0.975).</summary>
    public const double Z = 1.959963984540054;

    /// <summary>Bounds for <paramref name="successes"/> out of <paramref name="trials"/>; null when there were no trials (no rate).</summary>
    public static (double Low, double High)? Of(long successes, long trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0) return null;
        double n = trials, p = successes / n, z2 = Z * Z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = Z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0/n and n/n the formula gives exactly 0 and 1 in real arithmetic; rounding must not move them.
        return (successes == 0 ? 0 : Math.Max(0, centre - half), successes == trials ? 1 : Math.Min(1, centre + half));
    }
}
