using MathNet.Numerics;

namespace GovernancePortal.Core.Features.Monitoring.Drift;

/// <summary>Tests over the few distinct values of a categorical (or few-valued numeric) stream.</summary>
public static class Categorical
{
    /// <summary>
    /// Chi-square test of homogeneity on the 2 × k table (baseline, window) × union of values: Σ (O − E)² / E with
    /// E = row total · column total / N, k − 1 degrees of freedom, p = Q((k−1)/2, χ²/2). Evidently instead runs a
    /// goodness-of-fit test of the window against the baseline's proportions, which treats the baseline as exact and
    /// breaks on a value the baseline never saw; both samples are samples here (ADR 0036).
    /// </summary>
    public static (double Statistic, double PValue) ChiSquare(IReadOnlyDictionary<double, long> a, IReadOnlyDictionary<double, long> b)
    {
        var values = a.Keys.Union(b.Keys).ToArray();
        if (values.Length < 2) return (0, 1);
        double na = a.Values.Sum(), nb = b.Values.Sum(), n = na + nb, chi2 = 0;
        foreach (var v in values)
        {
            double oa = a.GetValueOrDefault(v), ob = b.GetValueOrDefault(v), column = oa + ob;
            double ea = na * column / n, eb = nb * column / n;
            chi2 += (oa - ea) * (oa - ea) / ea + (ob - eb) * (ob - eb) / eb;
        }
        return (chi2, SpecialFunctions.GammaUpperRegularized((values.Length - 1) / 2.0, chi2 / 2));
    }

    /// <summary>
    /// Two-proportion Z-test (pooled), as Evidently's <c>z_stat_test</c>: the share of the smaller of the two values in
    /// each sample, z = (p₁ − p₂) / √(P(1−P)(1/n₁ + 1/n₂)), two-sided p = erfc(|z|/√2). One value only: z = 0, p = 1.
    /// </summary>
    public static (double Statistic, double PValue) ZTest(IReadOnlyDictionary<double, long> a, IReadOnlyDictionary<double, long> b)
    {
        var values = a.Keys.Union(b.Keys).Order().ToArray();
        if (values.Length < 2) return (0, 1);
        double na = a.Values.Sum(), nb = b.Values.Sum();
        double p1 = a.GetValueOrDefault(values[0]) / na, p2 = b.GetValueOrDefault(values[0]) / nb;
        var pooled = (p1 * na + p2 * nb) / (na + nb);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
        if (se == 0) return (0, 1);
        var z = (p1 - p2) / se;
        return (z, SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    /// <summary>
    /// Jensen–Shannon distance between the two value shares, as scipy's <c>jensenshannon(p, q)</c> with its default
    /// natural logarithm (what Evidently calls): √(½ KL(p‖m) + ½ KL(q‖m)), m = (p + q)/2; from 0 to √ln 2 ≈ 0.833.
    /// No zero fill: the mixture m is never zero where p or q is not.
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double sp = 0, sq = 0, js = 0;
        for (var i = 0; i < p.Length; i++) { sp += p[i]; sq += q[i]; }
        for (var i = 0; i < p.Length; i++)
        {
            double pi = p[i] / sp, qi = q[i] / sq, m = (pi + qi) / 2;
            if (pi > 0) js += pi * Math.Log(pi / m);
            if (qi > 0) js += qi * Math.Log(qi / m);
        }
        return Math.Sqrt(Math.Max(0, js / 2));
    }

    /// <summary>Each sample's share of every value of the union (sorted), for <see cref="JensenShannon"/>.</summary>
    public static (double[] P, double[] Q) Shares(IReadOnlyDictionary<double, long> a, IReadOnlyDictionary<double, long> b)
    {
        var values = a.Keys.Union(b.Keys).Order().ToArray();
        double na = a.Values.Sum(), nb = b.Values.Sum();
        return ([.. values.Select(v => a.GetValueOrDefault(v) / na)], [.. values.Select(v => b.GetValueOrDefault(v) / nb)]);
    }
}
