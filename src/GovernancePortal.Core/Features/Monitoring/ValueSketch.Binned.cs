namespace GovernancePortal.Core.Features.Monitoring;

public sealed partial class ValueSketch
{
    /// <summary>Most bins a producer's histogram may have (memory bound of the kept producer edges).</summary>
    public const int MaxProducerBins = 1000;

    /// <summary>
    /// Why a pre-binned histogram cannot be observed, or null when it can: at least two finite, strictly increasing
    /// edges, at most <see cref="MaxProducerBins"/> bins, one non-negative count per bin. The one owner of that rule:
    /// the ingest API reports this message and <see cref="AddBinned"/> throws it.
    /// </summary>
    public static string? ValidateBins(ReadOnlySpan<double> edges, ReadOnlySpan<long> counts)
    {
        if (edges.Length < 2) return "A histogram needs at least two edges.";
        if (edges.Length - 1 > MaxProducerBins) return $"A histogram has at most {MaxProducerBins} bins.";
        if (counts.Length != edges.Length - 1) return $"A histogram with {edges.Length} edges has {edges.Length - 1} counts, not {counts.Length}.";
        for (var i = 0; i < edges.Length; i++)
        {
            if (!double.IsFinite(edges[i])) return $"Edge {i} is not a finite number.";
            if (i > 0 && edges[i] <= edges[i - 1]) return $"Edges must increase strictly (edge {i} is not above edge {i - 1}).";
        }
        for (var i = 0; i < counts.Length; i++)
            if (counts[i] < 0) return $"Count {i} is negative.";
        return null;
    }

    /// <summary>
    /// Folds in a producer's histogram (edges[i] ≤ x &lt; edges[i+1], counts[i] observations). Each bin's count is
    /// spread uniformly over its width into the log buckets it covers (largest-remainder rounding keeps the total
    /// exact); the moments take each bin as uniform. Exact values and distinct counts are no longer known after this.
    /// The edges are remembered while every observation arrives on the same edges, so PSI can use the producer's bins.
    /// </summary>
    public void AddBinned(ReadOnlySpan<double> edges, ReadOnlySpan<long> counts)
    {
        if (ValidateBins(edges, counts) is { } error) throw new ArgumentException(error, nameof(edges));
        long total = 0;
        foreach (var c in counts) total += c;
        if (total == 0) return;

        var keepEdges = Count == 0 || (_edges is not null && _edges.AsSpan().SequenceEqual(edges));
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0) continue;
            double a = edges[i], b = edges[i + 1];
            Spread(a, b, counts[i]);
            var wasEmpty = Count == 0;
            var mean = (a + b) / 2;
            CombineMoments(counts[i], mean, counts[i] * (b - a) * (b - a) / 12);
            Min = wasEmpty ? a : Math.Min(Min, a);
            Max = wasEmpty ? b : Math.Max(Max, b);
        }
        _exact = null;
        _distinct = null;
        if (keepEdges)
        {
            _edges ??= edges.ToArray();
            _edgeCounts ??= new long[counts.Length];
            for (var i = 0; i < counts.Length; i++) _edgeCounts[i] += counts[i];
        }
        else
        {
            _edges = null;
            _edgeCounts = null;
        }
    }

    // Splits [a, b) at zero by length, then spreads each side over its log buckets.
    private void Spread(double a, double b, long count)
    {
        if (a >= 0) SpreadSide(_positive, a, b, count);
        else if (b <= 0) SpreadSide(_negative, -b, -a, count);
        else
        {
            var negative = (long)Math.Round(count * (-a / (b - a)));
            SpreadSide(_negative, 0, -a, negative);
            SpreadSide(_positive, 0, b, count - negative);
        }
    }

    // Spreads count over the magnitudes [lo, hi) in proportion to each bucket's overlap; magnitudes below MinMagnitude are zero.
    private void SpreadSide(LogBucketStore store, double lo, double hi, long count)
    {
        if (count == 0) return;
        var width = hi - lo;
        if (hi <= MinMagnitude)
        {
            _zero += count;
            return;
        }
        long assigned = 0;
        var zeroPart = lo < MinMagnitude ? (MinMagnitude - lo) / width : 0;
        if (zeroPart > 0)
        {
            assigned = (long)Math.Round(count * zeroPart);
            _zero += assigned;
        }
        var from = Math.Max(lo, MinMagnitude);
        double covered = Math.Max(0, from - lo);
        for (var k = Key(from); assigned < count; k++)
        {
            var top = Math.Min(hi, Math.Exp(k * LnGamma));
            var bottom = Math.Max(from, LowerBound(k));
            covered += Math.Max(0, top - bottom);
            var upTo = top >= hi ? count : (long)Math.Round(count * (covered / width));
            if (upTo > assigned)
            {
                store.Add(k, upTo - assigned);
                assigned = upTo;
            }
        }
    }
}
