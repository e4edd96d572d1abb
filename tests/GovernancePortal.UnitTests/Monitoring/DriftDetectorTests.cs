using GovernancePortal.Core.Features.Monitoring;

namespace GovernancePortal.UnitTests.Monitoring;

public class DriftDetectorTests
{
    private static readonly DriftThresholds T = DriftThresholds.Default;

    [Theory]
    [InlineData(500, 50, "ks")]             // small reference, many values
    [InlineData(5000, 50, "wasserstein")]   // large reference, many values
    [InlineData(500, 3, "chi2")]            // small reference, 3 values
    [InlineData(500, 2, "ztest")]           // small reference, 2 values
    [InlineData(5000, 4, "jensenshannon")]  // large reference, ≤ 5 values
    public void Compare_ChoosesTheTestAsEvidentlyDoes(int baselineCount, int values, string test)
    {
        var baseline = Samples.Sketch(Enumerable.Range(0, baselineCount).Select(i => (double)(i % values)));
        var window = Samples.Sketch(Enumerable.Range(0, 2000).Select(i => (double)(i % values)));
        var v = DriftDetector.Compare("f", baseline, window, T);
        Assert.Equal(test, v.Test);
        Assert.Equal(test is "ks" or "chi2" or "ztest", v.PValue is not null);
    }

    [Fact]
    public void Compare_SixDistinctValues_IsNumeric()
    {
        // Evidently: numeric with more than 5 distinct values in both samples together is numeric (KS); 5 are categories.
        var five = Samples.Sketch(Enumerable.Range(0, 300).Select(i => (double)(i % 5)));
        var withSixth = Samples.Sketch(Enumerable.Range(0, 300).Select(i => (double)(i % 5)).Append(5));
        Assert.Equal("chi2", DriftDetector.Compare("f", five, five, T).Test);
        Assert.Equal("ks", DriftDetector.Compare("f", five, withSixth, T).Test);
    }

    public static IEnumerable<object[]> Sizes() => [[800], [20_000]];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Compare_SameDistribution_IsNoDriftWithAStatisticNearZero(int n)
    {
        var v = DriftDetector.Compare("score", Samples.Sketch(Samples.Normal(1, n)), Samples.Sketch(Samples.Normal(2, n)), T);
        Assert.False(v.Drift, v.Explanation);
        Assert.True(v.Statistic < (n <= 1000 ? 0.07 : 0.03), v.Explanation);
        Assert.True(v.Psi < 0.05, v.Explanation);
        var same = DriftDetector.Compare("score", Samples.Sketch(Samples.Normal(1, n)), Samples.Sketch(Samples.Normal(1, n)), T);
        Assert.Equal(0, same.Statistic, 12);
        Assert.Equal(0, same.Psi, 12);
        Assert.False(same.Drift);
    }

    [Theory]
    [InlineData(false), InlineData(true)]
    public void Compare_SameCategories_IsNoDrift(bool large)
    {
        var baseline = large ? Samples.Categories(3000, 2000, 1000) : Samples.Categories(300, 200, 100);
        var v = DriftDetector.Compare("segment", baseline, Samples.Categories(300, 200, 100), T);
        Assert.Equal(large ? "jensenshannon" : "chi2", v.Test);
        Assert.Equal(0, v.Statistic, 12);
        Assert.False(v.Drift, v.Explanation);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Compare_ShiftingANormal_RaisesTheStatisticMonotonically(int n)
    {
        // The window is the baseline's own sample moved by δ: D(δ) = sup |F(x) − F(x − δ)| and W₁ = δ can only grow with δ.
        var values = Samples.Normal(3, n);
        var baseline = Samples.Sketch(values);
        var previous = -1.0;
        var previousPsi = -1.0;
        foreach (var shift in new[] { 0, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6 })
        {
            var v = DriftDetector.Compare("f", baseline, Samples.Sketch(values.Select(x => x + shift)), T);
            Assert.True(v.Statistic >= previous, $"δ={shift}: {v.Statistic} after {previous}");
            Assert.True(v.Psi >= previousPsi - 1e-9 || shift <= 0.1, $"δ={shift}: PSI {v.Psi} after {previousPsi}");
            previous = v.Statistic;
            previousPsi = v.Psi;
        }
        Assert.True(previous > (n <= 1000 ? 0.5 : 1.5));
        var big = DriftDetector.Compare("f", baseline, Samples.Sketch(values.Select(x => x + 1.6)), T);
        Assert.True(big.Drift, big.Explanation);
        Assert.True(big.Psi >= T.PsiMajor);
    }

    [Fact]
    public void Compare_LargeSamples_SmallShift_IsDecidedByTheEffectSize()
    {
        // 1,000,000 vs 100,000 observations 0.02 standard deviations apart: a KS p-value would be far below 0.05,
        // but the normalised Wasserstein distance (≈ 0.02) is below 0.1, so this is not drift, and the verdict says why.
        var baseline = Samples.Sketch(Samples.Normal(4, 100_000));
        var window = Samples.Sketch(Samples.Normal(5, 1_000_000, 0.02));
        var v = DriftDetector.Compare("amount", baseline, window, T);
        Assert.Equal("wasserstein", v.Test);
        Assert.InRange(v.Statistic, 0.01, 0.03);
        Assert.False(v.Drift, v.Explanation);
        Assert.Contains("Wasserstein", v.Explanation);
        Assert.Equal(1_000_000, v.WindowCount);
        Assert.Equal(100_000, v.BaselineCount);
        var shifted = DriftDetector.Compare("amount", baseline, Samples.Sketch(Samples.Normal(5, 1_000_000, 0.2)), T);
        Assert.InRange(shifted.Statistic, 0.18, 0.22);
        Assert.True(shifted.Drift, shifted.Explanation);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(99)]
    public void Compare_WindowBelowTheMinimumCount_IsNoDriftAndSaysSo(int windowCount)
    {
        var baseline = Samples.Sketch(Samples.Normal(6, 5000));
        var window = Samples.Sketch(Samples.Normal(7, windowCount, 3)); // three standard deviations off: drift, were it not thin
        var v = DriftDetector.Compare("f", baseline, window, T);
        Assert.False(v.Drift);
        Assert.Contains($"window has {windowCount} observations, below the minimum of 100", v.Explanation);
        Assert.True(v.Statistic > 1, "the statistic is still reported");
    }

    [Fact]
    public void Compare_ThinBaseline_IsNoDrift()
    {
        var v = DriftDetector.Compare("f", Samples.Sketch(Samples.Normal(8, 40)), Samples.Sketch(Samples.Normal(9, 5000, 5)), T);
        Assert.False(v.Drift);
        Assert.Contains("baseline has 40 observations", v.Explanation);
    }

    [Fact]
    public void Compare_EmptyWindow_IsNoDrift()
    {
        var v = DriftDetector.Compare("f", Samples.Sketch(Samples.Normal(8, 400)), new ValueSketch(), T);
        Assert.False(v.Drift);
        Assert.Equal(0, v.WindowCount);
        Assert.Contains("no observations", v.Explanation);
    }

    [Fact]
    public void Compare_CategoriesShifted_IsDriftWithTheChiSquarePValue()
    {
        // Table of ChiSquare_HandComputedTable scaled by 3: χ² = 12, df = 2, p = e^(−6) = 0.0024787521766663585 < 0.05.
        var v = DriftDetector.Compare("segment", Samples.Categories(90, 150, 60), Samples.Categories(60, 150, 90), T);
        Assert.Equal("chi2", v.Test);
        Assert.Equal(12, v.Statistic, 10);
        Assert.Equal(0.0024787521766663585, v.PValue!.Value, 12);
        Assert.True(v.Drift, v.Explanation);
    }

    [Fact]
    public void Thresholds_Validate_RefusesOutOfRange()
    {
        Assert.Null(DriftThresholds.Default.Validate());
        Assert.NotNull((DriftThresholds.Default with { Ks = 1.5 }).Validate());
        Assert.NotNull((DriftThresholds.Default with { PsiMajor = 0.05 }).Validate());
        Assert.NotNull((DriftThresholds.Default with { MinWindowCount = 0 }).Validate());
    }

    [Fact]
    public void Compare_ExactBaselineAgainstASketchedWindow_QuantisesBothAlike()
    {
        // Values near 1,000 with sd 10 fall in log buckets about 10 wide (1 % of the value): an exact baseline against a
        // bucketed window would see that width as a one-sd shift. From the same distribution, this must not be drift.
        var baseline = Samples.Sketch(Samples.Normal(20, 1000, 1000, 10));
        var window = Samples.Sketch(Samples.Normal(21, 20_000, 1000, 10));
        Assert.NotNull(baseline.ExactValues);
        Assert.Null(window.ExactValues);
        var v = DriftDetector.Compare("amount", baseline, window, T);
        Assert.Equal("ks", v.Test);
        Assert.False(v.Drift, v.Explanation);
        Assert.True(v.Statistic < 0.06, v.Explanation);
    }
}
