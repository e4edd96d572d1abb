namespace GovernancePortal.Core.Features.Monitoring.Drift;

/// <summary>
/// Two-sample, two-sided Kolmogorov–Smirnov test as scipy's <c>ks_2samp(method="auto")</c>, which Evidently calls:
/// the exact p-value when both samples have at most 10,000 observations (Hodges' lattice-path count, in Viehmann's
/// numerically stable 1 − p recursion), otherwise the asymptotic one. scipy's asymptotic branch uses the one-sample
/// distribution <c>kstwo.sf(D, round(n·m/(n+m)))</c>; this uses Kolmogorov's limit with Stephens' small-sample
/// correction, λ = (√nₑ + 0.12 + 0.11/√nₑ)·D (Numerical Recipes §14.3), which agrees to about 3 significant digits there.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>Largest sample size for which the exact p-value is computed (scipy's MAX_AUTO_N).</summary>
    public const long MaxExactN = 10_000;

    /// <summary>D = sup |F₁ − F₂| over the two sorted weighted samples.</summary>
    public static double Statistic(ReadOnlySpan<WeightedValue> a, ReadOnlySpan<WeightedValue> b)
    {
        double na = Total(a), nb = Total(b), ca = 0, cb = 0, d = 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var x = Math.Min(i < a.Length ? a[i].Value : double.PositiveInfinity, j < b.Length ? b[j].Value : double.PositiveInfinity);
            while (i < a.Length && a[i].Value == x) ca += a[i++].Count;
            while (j < b.Length && b[j].Value == x) cb += b[j++].Count;
            d = Math.Max(d, Math.Abs(ca / na - cb / nb));
        }
        return d;
    }

    /// <summary>Two-sided p-value of D for sample sizes n1, n2 (exact or asymptotic as above).</summary>
    public static double PValue(double d, long n1, long n2)
    {
        if (n1 <= 0 || n2 <= 0) return 1;
        if (Math.Max(n1, n2) <= MaxExactN && ExactPValue(d, n1, n2) is { } exact) return exact;
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = Math.Sqrt(m * n / (m + n));
        return KolmogorovSurvival((en + 0.12 + 0.11 / en) * d);
    }

    /// <summary>Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), the Kolmogorov distribution's upper tail.</summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda < 0.2) return 1; // the series converges slowly here and the value is 1 to 15 digits
        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-16 * Math.Abs(sum)) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    // P(D ≥ d) by counting lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm; the recursion
    // carries 1 − (paths inside / all paths) per column so nothing overflows (Viehmann 2021, arXiv:2102.08037).
    private static double? ExactPValue(double d, long n1, long n2)
    {
        long m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var g = Gcd(m, n);
        long mg = m / g, ng = n / g;
        if (mg >= int.MaxValue / ng) return null;
        var lcm = mg * n;
        var h = (long)Math.Round(d * lcm);
        if (h == 0) return 1;
        var a = new double[n + 2];
        Array.Fill(a, 1.0);
        long minj = 0, maxj = Math.Min(CeilDiv(h, mg), n + 1);
        for (var j = minj; j < maxj; j++) a[j] = 0;
        var curlen = maxj - minj;
        for (long i = 1; i <= m; i++)
        {
            long lastminj = minj, lastlen = curlen;
            minj = Math.Min(Math.Max(FloorDiv(ng * i - h, mg) + 1, 0), n);
            maxj = Math.Min(CeilDiv(ng * i + h, mg), n + 1);
            if (maxj <= minj) return 1;
            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            for (var k = curlen; k < curlen + Math.Max(0, lastlen - curlen); k++) a[k] = 1;
        }
        var p = a[maxj - minj - 1];
        return p is >= 0 and <= 1 ? p : null;
    }

    private static long Total(ReadOnlySpan<WeightedValue> s)
    {
        long t = 0;
        foreach (var p in s) t += p.Count;
        return t;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    private static long FloorDiv(long a, long b) => (long)Math.Floor((double)a / b);
    private static long CeilDiv(long a, long b) => (long)Math.Ceiling((double)a / b);
}
