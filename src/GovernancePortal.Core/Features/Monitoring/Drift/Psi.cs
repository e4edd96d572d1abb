namespace GovernancePortal.Core.Features.Monitoring.Drift;

/// <summary>
/// How PSI binned the two samples and each sample's share per bin (before the zero fill): <see cref="Edges"/> for
/// numeric bins (one more than the shares), or <see cref="Values"/> when each bin is one value. Charts draw these bins
/// so a reviewer sees what PSI compared.
/// </summary>
public sealed record PsiBins(string Binning, double[] ReferenceShares, double[] CurrentShares, double[]? Edges, double[]? Values = null);

/// <summary>
/// Population Stability Index as Evidently computes it (legacy stattests psi.py + utils.get_binned_data, checked
/// against ../shared/reference/drift/evidently_psi_ks_cases.json): Σ (ref − cur) · ln(ref / cur) over the bins, where
/// <list type="bullet">
/// <item>a reference with more than 20 distinct values is binned by Sturges' rule over the combined samples
/// (⌈log₂ n + 1⌉ equal-width bins between the combined min and max, the last bin closed on the right), or on the
/// producer's own edges when the baseline arrived pre-binned (values outside them count in the end bins);</item>
/// <item>otherwise each distinct value of either sample is its own bin;</item>
/// <item>empty bins are filled per sample with 0.0001, or the smallest non-zero share / 10⁶ when that share is itself
/// at most 0.0001 (Evidently's epsilon).</item>
/// </list>
/// </summary>
public static class Psi
{
    /// <summary>A reference with at most this many distinct values is binned per value (Evidently's rule).</summary>
    public const int MaxDistinctForValueBins = 20;

    public static double Compute(ValueSketch reference, ValueSketch current) => Compute(Bin(reference, current));

    public static double Compute(PsiBins bins)
    {
        var r = ZeroFilled(bins.ReferenceShares);
        var c = ZeroFilled(bins.CurrentShares);
        double psi = 0;
        for (var i = 0; i < r.Length; i++) psi += (r[i] - c[i]) * Math.Log(r[i] / c[i]);
        return psi;
    }

    public static PsiBins Bin(ValueSketch reference, ValueSketch current)
    {
        if (reference.DistinctCounts is { Count: <= MaxDistinctForValueBins } rd && current.DistinctCounts is { } cd)
        {
            var (p, q) = Categorical.Shares(rd, cd);
            return new PsiBins($"one bin per value ({p.Length})", p, q, null, [.. rd.Keys.Union(cd.Keys).Order()]);
        }
        if (reference.ProducerEdges is { } producer)
        {
            var edges = producer.ToArray();
            return new PsiBins($"the producer's {edges.Length - 1} bins", reference.Shares(edges), current.Shares(edges), edges);
        }
        var sturges = SturgesEdges(Math.Min(reference.Min, current.Min), Math.Max(reference.Max, current.Max), reference.Count + current.Count);
        return new PsiBins($"Sturges' rule, {sturges.Length - 1} bins", reference.Shares(sturges), current.Shares(sturges), sturges);
    }

    /// <summary>numpy's <c>histogram_bin_edges(x, "sturges")</c> for n values between min and max.</summary>
    public static double[] SturgesEdges(double min, double max, long n)
    {
        if (!(max > min)) return [min - 0.5, max + 0.5];
        var bins = (int)Math.Ceiling(Math.Log2(n) + 1);
        var edges = new double[bins + 1];
        for (var i = 0; i <= bins; i++) edges[i] = min + (max - min) * i / bins;
        edges[bins] = max;
        return edges;
    }

    private static double[] ZeroFilled(double[] shares)
    {
        var smallest = shares.Where(s => s > 0).DefaultIfEmpty(1).Min();
        var fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
        return [.. shares.Select(s => s == 0 ? fill : s)];
    }
}
