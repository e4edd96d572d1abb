namespace GovernancePortal.Core.Features.Monitoring.Drift;

/// <summary>Wasserstein-1 (earth mover's) distance between two one-dimensional samples, as scipy's <c>wasserstein_distance</c>.</summary>
public static class Wasserstein
{
    /// <summary>∫ |F₁(x) − F₂(x)| dx over the two sorted weighted samples.</summary>
    public static double Distance(ReadOnlySpan<WeightedValue> a, ReadOnlySpan<WeightedValue> b)
    {
        double na = 0, nb = 0;
        foreach (var p in a) na += p.Count;
        foreach (var p in b) nb += p.Count;
        double ca = 0, cb = 0, sum = 0, previous = double.NaN;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var x = Math.Min(i < a.Length ? a[i].Value : double.PositiveInfinity, j < b.Length ? b[j].Value : double.PositiveInfinity);
            if (!double.IsNaN(previous)) sum += Math.Abs(ca / na - cb / nb) * (x - previous);
            while (i < a.Length && a[i].Value == x) ca += a[i++].Count;
            while (j < b.Length && b[j].Value == x) cb += b[j++].Count;
            previous = x;
        }
        return sum;
    }

    /// <summary>
    /// Evidently's <c>wasserstein_distance_norm</c>: the distance divided by the reference's population standard
    /// deviation, floored at 0.001 so a constant reference does not divide by zero.
    /// </summary>
    public static double Normalised(ReadOnlySpan<WeightedValue> reference, ReadOnlySpan<WeightedValue> current, double referenceStdDev) =>
        Distance(reference, current) / Math.Max(referenceStdDev, 0.001);
}
