namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>One value of a distribution and how many observations it stands for.</summary>
public readonly record struct WeightedValue(double Value, long Count);

/// <summary>
/// A mergeable summary of one numeric stream (a score or a feature) whose memory does not grow with its count
/// (ADR 0036). It always keeps a log-bucketed histogram (DDSketch: every value within <see cref="RelativeAccuracy"/>
/// of its bucket's representative, negatives and zero counted apart), the count, min, max, mean and variance; and while
/// they stay small also the exact values (up to <see cref="MaxExactValues"/>) and the exact count per distinct value (up
/// to <see cref="MaxDistinctValues"/> distinct), so a small reference gets exact tests and a few-valued stream is
/// treated as categories. Not thread-safe: one writer at a time.
/// </summary>
public sealed partial class ValueSketch
{
    /// <summary>Relative accuracy of the log buckets: a bucket's representative is within 0.5 % of every value in it.</summary>
    public const double RelativeAccuracy = 0.005;
    /// <summary>Exact values are kept while the count is at most this (the Evidently "small reference" size).</summary>
    public const int MaxExactValues = 1000;
    /// <summary>Exact per-value counts are kept while there are at most this many distinct values.</summary>
    public const int MaxDistinctValues = 64;
    /// <summary>Magnitudes below this are counted as zero (the log mapping has no bucket for them).</summary>
    public const double MinMagnitude = 1e-12;

    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LnGamma = Math.Log(Gamma);
    private static readonly double InvLnGamma = 1 / LnGamma;

    private readonly LogBucketStore _positive = new();
    private readonly LogBucketStore _negative = new();
    private long _zero;
    private double _mean, _m2;
    private List<double>? _exact = [];
    private Dictionary<double, long>? _distinct = [];
    private double[]? _edges;      // producer's bin edges, while every observation came binned on these same edges
    private long[]? _edgeCounts;

    /// <summary>Number of observations.</summary>
    public long Count { get; private set; }
    /// <summary>Smallest observation (NaN when empty; a binned observation counts at its bin's lower edge).</summary>
    public double Min { get; private set; } = double.NaN;
    /// <summary>Largest observation (NaN when empty; a binned observation counts at its bin's upper edge).</summary>
    public double Max { get; private set; } = double.NaN;
    /// <summary>Mean (NaN when empty); binned observations count at their bin's centre.</summary>
    public double Mean => Count == 0 ? double.NaN : _mean;
    /// <summary>Population standard deviation (ddof = 0, as numpy's std that Evidently normalises by).</summary>
    public double StdDev => Count == 0 ? double.NaN : Math.Sqrt(Math.Max(0, _m2 / Count));

    /// <summary>The exact observations while there are at most <see cref="MaxExactValues"/> and none came binned; else null.</summary>
    public IReadOnlyList<double>? ExactValues => _exact;
    /// <summary>Exact counts per distinct value while there are at most <see cref="MaxDistinctValues"/>; else null.</summary>
    public IReadOnlyDictionary<double, long>? DistinctCounts => _distinct;
    /// <summary>The producer's bin edges while every observation arrived binned on these edges; else null.</summary>
    public IReadOnlyList<double>? ProducerEdges => _edges;
    /// <summary>Counts per producer bin, beside <see cref="ProducerEdges"/>.</summary>
    public IReadOnlyList<long>? ProducerCounts => _edgeCounts;

    /// <summary>Whether a value can be observed: finite numbers only (callers validate input with this).</summary>
    public static bool IsObservable(double value) => double.IsFinite(value);

    /// <summary>Adds one observation. Throws on NaN or infinity (validate with <see cref="IsObservable"/> first).</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "Observations must be finite numbers.");
        AddToBuckets(value, 1);
        Count++;
        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
        if (Count == 1 || value < Min) Min = value;
        if (Count == 1 || value > Max) Max = value;
        if (_exact is not null)
        {
            if (_exact.Count < MaxExactValues) _exact.Add(value);
            else _exact = null;
        }
        if (_distinct is not null)
        {
            ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_distinct, value, out var existed);
            c++;
            if (!existed && _distinct.Count > MaxDistinctValues) _distinct = null;
        }
        _edges = null;
        _edgeCounts = null;
    }

    /// <summary>Adds every value of <paramref name="values"/>.</summary>
    public void AddRange(ReadOnlySpan<double> values)
    {
        foreach (var v in values) Add(v);
    }

    /// <summary>Folds <paramref name="other"/> in: the result summarises both streams as if they had been one.</summary>
    public void Merge(ValueSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return;
        if (ReferenceEquals(other, this)) other = FromBytes(ToBytes());
        var wasEmpty = Count == 0;
        _positive.AddAll(other._positive);
        _negative.AddAll(other._negative);
        _zero += other._zero;
        CombineMoments(other.Count, other._mean, other._m2);
        Min = wasEmpty ? other.Min : Math.Min(Min, other.Min);
        Max = wasEmpty ? other.Max : Math.Max(Max, other.Max);

        _exact = _exact is not null && other._exact is not null && _exact.Count + other._exact.Count <= MaxExactValues
            ? [.. _exact, .. other._exact] : null;
        if (_distinct is not null && other._distinct is not null)
        {
            foreach (var (v, c) in other._distinct) _distinct[v] = _distinct.GetValueOrDefault(v) + c;
            if (_distinct.Count > MaxDistinctValues) _distinct = null;
        }
        else _distinct = null;

        if (wasEmpty && other._edges is not null)
        {
            _edges = [.. other._edges];
            _edgeCounts = [.. other._edgeCounts!];
        }
        else if (_edges is not null && other._edges is not null && _edges.AsSpan().SequenceEqual(other._edges))
            for (var i = 0; i < _edgeCounts!.Length; i++) _edgeCounts[i] += other._edgeCounts![i];
        else
        {
            _edges = null;
            _edgeCounts = null;
        }
    }

    /// <summary>A copy that can be changed without changing this one.</summary>
    public ValueSketch Clone() => FromBytes(ToBytes());

    /// <summary>
    /// The q-quantile (0 ≤ q ≤ 1), linearly interpolated between order statistics as numpy's default when the exact
    /// values are kept; otherwise the representative of the bucket holding rank q·(n−1), within
    /// <see cref="RelativeAccuracy"/> of the true quantile. NaN when empty.
    /// </summary>
    public double Quantile(double q)
    {
        if (double.IsNaN(q) || q < 0 || q > 1) throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile is between 0 and 1.");
        if (Count == 0) return double.NaN;
        var rank = q * (Count - 1);
        if (_exact is not null)
        {
            var sorted = _exact.Order().ToArray();
            var lo = (int)Math.Floor(rank);
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
        }
        long seen = 0;
        foreach (var p in Distribution())
        {
            seen += p.Count;
            if (seen > rank) return p.Value;
        }
        return Max;
    }

    /// <summary>
    /// The distribution as sorted (value, count) points: exact when the distinct counts or exact values are kept,
    /// otherwise one point per log bucket at its representative value (clamped to [Min, Max]).
    /// </summary>
    public WeightedValue[] Distribution()
    {
        if (_distinct is not null)
            return [.. _distinct.OrderBy(kv => kv.Key).Select(kv => new WeightedValue(kv.Key, kv.Value))];
        if (_exact is not null)
            return [.. _exact.Order().Select(v => new WeightedValue(v, 1))];
        return Buckets(clamp: true);
    }

    /// <summary>
    /// One point per log bucket at its representative value, even when exact values are kept. Two streams compared
    /// through this are quantised alike, so an exact sample is never compared against a bucketed one (which would
    /// show the bucket width as a difference).
    /// </summary>
    public WeightedValue[] BucketDistribution() => Buckets(clamp: false);

    private WeightedValue[] Buckets(bool clamp)
    {
        var points = new List<WeightedValue>(_positive.BucketCount + _negative.BucketCount + 1);
        if (!_negative.IsEmpty)
            for (var k = _negative.MaxKey; k >= _negative.MinKey; k--)
                if (_negative[k] is var c and > 0) points.Add(new(Place(-Representative(k), clamp), c));
        if (_zero > 0) points.Add(new(Place(0, clamp), _zero));
        if (!_positive.IsEmpty)
            for (var k = _positive.MinKey; k <= _positive.MaxKey; k++)
                if (_positive[k] is var c and > 0) points.Add(new(Place(Representative(k), clamp), c));
        return [.. points];
    }

    /// <summary>
    /// The share of the observations in each bin [edges[i], edges[i+1]) (the last bin closed, as numpy's histogram),
    /// values outside the edges counted in the end bins. The producer's own counts when the edges are theirs; otherwise
    /// from <see cref="Distribution"/> (bucket representatives, within <see cref="RelativeAccuracy"/> of each value).
    /// </summary>
    public double[] Shares(IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count < 2) throw new ArgumentException("Bins need at least two edges.", nameof(edges));
        var shares = new double[edges.Count - 1];
        if (Count == 0) return shares;
        if (_edges is not null && _edges.SequenceEqual(edges))
        {
            for (var i = 0; i < shares.Length; i++) shares[i] = (double)_edgeCounts![i] / Count;
            return shares;
        }
        var sorted = edges as double[] ?? [.. edges];
        foreach (var p in Distribution())
        {
            var i = Array.BinarySearch(sorted, p.Value);
            if (i < 0) i = ~i - 1; // the edge below the value
            shares[Math.Clamp(i, 0, shares.Length - 1)] += p.Count;
        }
        for (var i = 0; i < shares.Length; i++) shares[i] /= Count;
        return shares;
    }

    private double Place(double v, bool clamp) => clamp ? Math.Clamp(v, Min, Max) : v;

    private static int Key(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) * InvLnGamma);

    // The bucket of key k holds (γ^(k-1), γ^k]; 2γ^k/(γ+1) is within α of both ends.
    private static double Representative(int key) => 2 * Math.Exp(key * LnGamma) / (Gamma + 1);
    private static double LowerBound(int key) => Math.Exp((key - 1) * LnGamma);

    private void AddToBuckets(double value, long count)
    {
        if (value > MinMagnitude) _positive.Add(Key(value), count);
        else if (value < -MinMagnitude) _negative.Add(Key(-value), count);
        else _zero += count;
    }

    private void CombineMoments(long n, double mean, double m2)
    {
        var total = Count + n;
        var delta = mean - _mean;
        _mean += delta * n / total;
        _m2 += m2 + delta * delta * ((double)Count * n / total);
        Count = total;
    }
}
