using GovernancePortal.Core.Features.Monitoring;

namespace GovernancePortal.UnitTests.Monitoring;

public class ValueSketchTests
{
    private const double Alpha = ValueSketch.RelativeAccuracy;

    [Fact]
    public void Add_FewValues_KeepsExactValuesDistinctCountsAndMoments()
    {
        var s = Samples.Sketch([2, 4, 4, 4, 5, 5, 7, 9]);
        // Hand computation: mean 40/8 = 5, population variance 32/8 = 4 → std 2.
        Assert.Equal(8, s.Count);
        Assert.Equal(5, s.Mean, 12);
        Assert.Equal(2, s.StdDev, 12);
        Assert.Equal(2, s.Min);
        Assert.Equal(9, s.Max);
        Assert.Equal(8, s.ExactValues!.Count);
        Assert.Equal(3, s.DistinctCounts![4]);
        // numpy.quantile([2,4,4,4,5,5,7,9], 0.5) = 4.5 (linear interpolation between the 4th and 5th values).
        Assert.Equal(4.5, s.Quantile(0.5), 12);
    }

    [Fact]
    public void Add_BeyondTheExactLimits_DropsExactValuesAndDistinctCounts()
    {
        var s = Samples.Sketch(Enumerable.Range(0, ValueSketch.MaxExactValues + 1).Select(i => (double)i));
        Assert.Null(s.ExactValues);
        Assert.Null(s.DistinctCounts);
        var few = Samples.Sketch(Enumerable.Range(0, 5000).Select(i => (double)(i % 3)));
        Assert.Null(few.ExactValues);
        Assert.Equal(new Dictionary<double, long> { [0] = 1667, [1] = 1667, [2] = 1666 }, few.DistinctCounts);
    }

    [Theory]
    [InlineData(double.NaN), InlineData(double.PositiveInfinity), InlineData(double.NegativeInfinity)]
    public void Add_NonFinite_IsRefusedAndChangesNothing(double value)
    {
        var s = Samples.Sketch([1, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Add(value));
        Assert.Equal(2, s.Count);
        Assert.False(ValueSketch.IsObservable(value));
    }

    [Theory]
    [InlineData(1), InlineData(2), InlineData(3)]
    public void Quantile_ManyValues_IsWithinTheRelativeAccuracy(int seed)
    {
        // Positive, negative and zero values over several orders of magnitude.
        var rnd = new Random(seed);
        var values = Enumerable.Range(0, 50_000).Select(_ => rnd.Next(10) == 0 ? 0 : (rnd.Next(2) * 2 - 1) * Math.Exp(rnd.NextDouble() * 20 - 10)).ToArray();
        var s = Samples.Sketch(values);
        Array.Sort(values);
        foreach (var q in new[] { 0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 })
        {
            var truth = values[(int)Math.Floor(q * (values.Length - 1))];
            Assert.True(Math.Abs(s.Quantile(q) - truth) <= Alpha * Math.Abs(truth) + 1e-12, $"q={q}: {s.Quantile(q)} vs {truth}");
        }
    }

    [Theory]
    [InlineData(10), InlineData(11)]
    public void Merge_EqualsTheSketchOfTheConcatenation(int seed)
    {
        var a = Samples.Normal(seed, 30_000, 5, 2);
        var b = Samples.Normal(seed + 100, 20_000, 6, 3);
        var merged = Samples.Sketch(a);
        merged.Merge(Samples.Sketch(b));
        var whole = Samples.Sketch(a.Concat(b));

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
        Assert.Equal(whole.Mean, merged.Mean, 9);
        Assert.Equal(whole.StdDev, merged.StdDev, 9);
        // Bucket keys depend only on the value, so the merged buckets are exactly the concatenation's.
        Assert.Equal(whole.Distribution(), merged.Distribution());
        var sorted = a.Concat(b).Order().ToArray();
        foreach (var q in new[] { 0.05, 0.5, 0.95 })
        {
            var truth = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
            Assert.True(Math.Abs(merged.Quantile(q) - truth) <= Alpha * Math.Abs(truth), $"q={q}");
        }
    }

    [Fact]
    public void Merge_SmallSketches_KeepsExactValuesWhileTheTotalIsSmall()
    {
        var a = Samples.Sketch([1, 2, 3]);
        a.Merge(Samples.Sketch([3, 4]));
        Assert.Equal([1, 2, 3, 3, 4], a.ExactValues!.Order());
        Assert.Equal(2, a.DistinctCounts![3]);
        a.Merge(Samples.Sketch(Enumerable.Range(0, 1000).Select(i => (double)i)));
        Assert.Null(a.ExactValues);
        Assert.Null(a.DistinctCounts);
    }

    [Fact]
    public void Memory_IsBoundedWhateverTheCountAndRange()
    {
        // 1,000,000 values spread over 40 orders of magnitude on both signs: the bucket stores collapse their smallest
        // magnitudes instead of growing, so the serialized size stays under 2 × 2,048 buckets of at most 10 bytes.
        var rnd = new Random(7);
        var s = new ValueSketch();
        for (var i = 0; i < 1_000_000; i++) s.Add((rnd.Next(2) * 2 - 1) * Math.Exp(rnd.NextDouble() * 92 - 46));
        var bytes = s.ToBytes();
        Assert.True(bytes.Length <= 2 * 2048 * 10 + 64, $"{bytes.Length} bytes");
        Assert.Equal(1_000_000, s.Distribution().Sum(p => p.Count));
        // The large magnitudes keep their accuracy.
        var top = s.Quantile(0.999);
        Assert.True(top > 1e15, $"{top}");
    }

    [Fact]
    public void AddBinned_SpreadsEachBinOverItsWidth()
    {
        var s = new ValueSketch();
        s.AddBinned([0, 10, 20, 40], [1000, 3000, 0]);
        Assert.Equal(4000, s.Count);
        Assert.Equal(0, s.Min);
        Assert.Equal(20, s.Max);          // the last bin is empty, so nothing was observed above 20
        // Uniform within bins (hand computation): mean = (1000·5 + 3000·15)/4000 = 12.5;
        // variance = within (10²/12) + between (1000·7.5² + 3000·2.5²)/4000 = 8.3333 + 18.75 = 27.0833.
        Assert.Equal(12.5, s.Mean, 9);
        Assert.Equal(Math.Sqrt(100.0 / 12 + 18.75), s.StdDev, 9);
        // A quarter of the mass is below 10; rank 1999.5 is the 1000th of 3000 spread uniformly over [10, 20): 10 + 10·1000/3000.
        Assert.InRange(s.Quantile(0.5), 13.333 * (1 - 2 * Alpha), 13.333 * (1 + 2 * Alpha));
        Assert.Equal([0, 10, 20, 40], s.ProducerEdges);
        Assert.Equal([1000L, 3000, 0], s.ProducerCounts);
        Assert.Null(s.ExactValues);
        Assert.Null(s.DistinctCounts);
    }

    [Fact]
    public void AddBinned_AcrossZero_SplitsTheBinByLength()
    {
        var s = new ValueSketch();
        s.AddBinned([-1, 3], [400]);
        // A quarter of the width is negative, so 100 of the 400 observations are.
        Assert.Equal(100, s.Distribution().Where(p => p.Value < 0).Sum(p => p.Count));
        Assert.Equal(400, s.Distribution().Sum(p => p.Count));
    }

    [Fact]
    public void AddBinned_OtherEdgesOrRawValues_ForgetsTheProducerEdges()
    {
        var s = new ValueSketch();
        s.AddBinned([0, 1, 2], [5, 5]);
        s.AddBinned([0, 1, 2], [1, 2]);
        Assert.Equal([6L, 7], s.ProducerCounts);
        s.AddBinned([0, 2], [4]);
        Assert.Null(s.ProducerEdges);
        var t = new ValueSketch();
        t.AddBinned([0, 1, 2], [5, 5]);
        t.Add(0.5);
        Assert.Null(t.ProducerEdges);
    }

    [Theory]
    [InlineData(new[] { 0.0 }, new long[] { }, "at least two edges")]
    [InlineData(new[] { 0.0, 1, 1 }, new long[] { 1, 1 }, "increase strictly")]
    [InlineData(new[] { 0.0, 1 }, new long[] { 1, 1 }, "has 1 counts")]
    [InlineData(new[] { 0.0, 1 }, new long[] { -1 }, "negative")]
    [InlineData(new[] { 0.0, double.NaN }, new long[] { 1 }, "not a finite number")]
    public void AddBinned_Malformed_IsRefusedWithAReasonAndChangesNothing(double[] edges, long[] counts, string reason)
    {
        Assert.Contains(reason, ValueSketch.ValidateBins(edges, counts));
        var s = Samples.Sketch([1]);
        var before = s.ToBytes();
        var e = Assert.Throws<ArgumentException>(() => s.AddBinned(edges, counts));
        Assert.Contains(reason, e.Message);
        Assert.Equal(before, s.ToBytes());
    }

    public static IEnumerable<object[]> Sketches()
    {
        yield return ["empty", new ValueSketch()];
        yield return ["exact", Samples.Sketch([-3.5, 0, 0, 1e-300, 2.25, 7])];
        yield return ["categories", Samples.Categories(700, 2000, 300)];
        yield return ["raw", Samples.Sketch(Samples.Normal(3, 20_000, -1, 4))];
        var binned = new ValueSketch();
        binned.AddBinned([-5, 0, 0.5, 1, 10], [10, 2000, 3000, 7]);
        yield return ["binned", binned];
    }

    [Theory]
    [MemberData(nameof(Sketches))]
    public void ToBytes_FromBytes_RoundTrips(string name, ValueSketch s)
    {
        var bytes = s.ToBytes();
        var back = ValueSketch.FromBytes(bytes);
        Assert.Equal(bytes, back.ToBytes());
        Assert.Equal(s.Count, back.Count);
        Assert.Equal(s.Mean, back.Mean);
        Assert.Equal(s.StdDev, back.StdDev);
        Assert.Equal(s.Distribution(), back.Distribution());
        Assert.Equal(s.ExactValues, back.ExactValues);
        Assert.Equal(s.ProducerEdges, back.ProducerEdges);
        Assert.True(bytes[0] == ValueSketch.FormatVersion, name);
    }

    [Fact]
    public void FromBytes_Malformed_ThrowsFormatException()
    {
        var bytes = Samples.Sketch(Samples.Normal(4, 5000)).ToBytes();
        Assert.Throws<FormatException>(() => ValueSketch.FromBytes(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Throws<FormatException>(() => ValueSketch.FromBytes([.. bytes, 0]));
        var future = bytes.ToArray();
        future[0] = 99;
        Assert.Contains("format 99", Assert.Throws<FormatException>(() => ValueSketch.FromBytes(future)).Message);
        Assert.Throws<FormatException>(() => ValueSketch.FromBytes([]));
        var flagged = bytes.ToArray();
        flagged[1] |= 0x80;
        Assert.Contains("unknown flags", Assert.Throws<FormatException>(() => ValueSketch.FromBytes(flagged)).Message);
    }

    [Fact]
    public void ToBytes_RawStream_IsCompact()
    {
        // 100,000 standard normal values use a few hundred buckets per sign: about a kilobyte, not 800 KB of doubles.
        var size = Samples.Sketch(Samples.Normal(5, 100_000)).ToBytes().Length;
        Assert.True(size < 8_000, $"{size} bytes");
    }
}
