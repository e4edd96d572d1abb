using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Core.Features.Monitoring.Drift;

namespace GovernancePortal.UnitTests.Monitoring;

/// <summary>Each statistic against numbers computed independently; each test says where its number comes from.</summary>
public class StatisticsTests
{
    private static WeightedValue[] Points(params double[] values) => [.. values.Order().Select(v => new WeightedValue(v, 1))];

    [Theory]
    // Hand computation: every ordering of the pooled values is equally likely under H0, and D = 1 only when one sample
    // comes entirely first: 2 of C(4,2) = 6 orderings, 2 of C(6,3) = 20; for sizes 1 and 2, 2 of the 3 positions.
    [InlineData(new[] { 1.0, 2 }, new[] { 3.0, 4 }, 1.0, 2.0 / 6)]
    [InlineData(new[] { 1.0, 2, 3 }, new[] { 4.0, 5, 6 }, 1.0, 2.0 / 20)]
    [InlineData(new[] { 0.0 }, new[] { 1.0, 2 }, 1.0, 2.0 / 3)]
    public void KolmogorovSmirnov_SmallSamples_MatchesTheCountOfOrderings(double[] a, double[] b, double d, double p)
    {
        var statistic = KolmogorovSmirnov.Statistic(Points(a), Points(b));
        Assert.Equal(d, statistic, 12);
        Assert.Equal(p, KolmogorovSmirnov.PValue(statistic, a.Length, b.Length), 12);
    }

    [Theory]
    // Critical values of the Kolmogorov distribution (Smirnov 1948 table, as printed in e.g. Conover, Practical
    // Nonparametric Statistics, table A14): Q(1.22385) = 0.10, Q(1.35810) = 0.05, Q(1.62762) = 0.01.
    [InlineData(1.22385, 0.10)]
    [InlineData(1.35810, 0.05)]
    [InlineData(1.62762, 0.01)]
    public void KolmogorovSurvival_MatchesTheCriticalValueTable(double lambda, double p) =>
        Assert.Equal(p, KolmogorovSmirnov.KolmogorovSurvival(lambda), 5);

    [Fact]
    public void KolmogorovSmirnov_LargeSamples_UsesTheAsymptoticDistribution()
    {
        // n = m = 20,000 > 10,000: nₑ = 10,000, λ = (100 + 0.12 + 0.0011)·D; D = 0.0136 puts λ at 1.3616, just past the 5 % critical value.
        var p = KolmogorovSmirnov.PValue(0.0136, 20_000, 20_000);
        Assert.Equal(KolmogorovSmirnov.KolmogorovSurvival((100 + 0.12 + 0.11 / 100) * 0.0136), p, 15);
        Assert.InRange(p, 0.04, 0.05);
    }

    [Fact]
    public void ChiSquare_HandComputedTable()
    {
        // Baseline (30, 50, 20), window (20, 50, 30): expected 25, 50, 25 per row, χ² = 4 · 5²/25 = 4 with 2 degrees of
        // freedom, whose survival function is e^(−χ²/2) = e^(−2) = 0.1353352832366127 (closed form for df = 2).
        var (x, p) = Categorical.ChiSquare(Samples.Categories(30, 50, 20).DistinctCounts!, Samples.Categories(20, 50, 30).DistinctCounts!);
        Assert.Equal(4, x, 12);
        Assert.Equal(0.1353352832366127, p, 12);
    }

    [Fact]
    public void ZTest_HandComputedProportions_AgreesWithChiSquare()
    {
        // 60 % vs 40 % of 100 each: pooled 0.5, se = √(0.25 · 0.02), z = 0.2/se = 2√2; p = erfc(2) = 0.004677734981047265
        // (Python math.erfc). A 2×2 chi-square without continuity correction is z² = 8 with the same p-value.
        var a = Samples.Categories(60, 40).DistinctCounts!;
        var b = Samples.Categories(40, 60).DistinctCounts!;
        var (z, p) = Categorical.ZTest(a, b);
        Assert.Equal(2 * Math.Sqrt(2), z, 12);
        Assert.Equal(0.004677734981047265, p, 12);
        var (x, p2) = Categorical.ChiSquare(a, b);
        Assert.Equal(8, x, 10);
        Assert.Equal(p, p2, 10);
    }

    [Theory]
    // Hand computation with natural logarithms (scipy's default, which Evidently uses): p = (½, ½), q = (1, 0),
    // m = (¾, ¼): JSD = ½(½ ln ⅔ + ½ ln 2) + ½ ln(4/3) = ¾ ln(4/3), distance √(¾ ln(4/3)) = 0.46450140402245893.
    // Disjoint shares: JSD = ln 2, distance √ln 2 = 0.8325546111576977. Equal shares: 0.
    [InlineData(new[] { 0.5, 0.5 }, new[] { 1.0, 0 }, 0.46450140402245893)]
    [InlineData(new[] { 1.0, 0 }, new[] { 0.0, 1 }, 0.8325546111576977)]
    [InlineData(new[] { 0.2, 0.3, 0.5 }, new[] { 0.2, 0.3, 0.5 }, 0)]
    public void JensenShannon_HandComputed(double[] p, double[] q, double expected) =>
        Assert.Equal(expected, Categorical.JensenShannon(p, q), 12);

    [Fact]
    public void Wasserstein_ScipyDocumentationExamples()
    {
        // scipy.stats.wasserstein_distance docstring: ([0, 1, 3], [5, 6, 8]) → 5.0 and
        // ([0, 1], [0, 1], weights [3, 1] and [2, 2]) → 0.25.
        Assert.Equal(5.0, Wasserstein.Distance(Points(0, 1, 3), Points(5, 6, 8)), 12);
        Assert.Equal(0.25, Wasserstein.Distance([new(0, 3), new(1, 1)], [new(0, 2), new(1, 2)]), 12);
    }

    [Fact]
    public void WassersteinNormalised_DividesByThePopulationStdOfTheReference()
    {
        // Reference (2, 4, 4, 4, 5, 5, 7, 9) has population std 2 (hand computation); shifting it by 1 moves W₁ by exactly 1.
        double[] reference = [2, 4, 4, 4, 5, 5, 7, 9];
        var w = Wasserstein.Normalised(Points(reference), Points([.. reference.Select(v => v + 1)]), Samples.Sketch(reference).StdDev);
        Assert.Equal(0.5, w, 12);
    }

    [Fact]
    public void Psi_HandComputedValueBins()
    {
        // Baseline shares (0.5, 0.5), window (0.25, 0.75): PSI = 0.25 ln 2 + (−0.25) ln(2/3) = 0.25 ln 3 = 0.27465307216702745.
        Assert.Equal(0.25 * Math.Log(3), Psi.Compute(Samples.Categories(50, 50), Samples.Categories(25, 75)), 12);
    }

    [Fact]
    public void Psi_EmptyBin_UsesEvidentlysEpsilon()
    {
        // The window never shows value 2: its share becomes 0.0001 (Evidently's fill), so the term for that bin is
        // (0.2 − 0.0001) · ln(0.2/0.0001); the others vanish (equal shares 0.4, 0.4 → 0.5, 0.5 do not, computed here by hand):
        // 2 · (0.4 − 0.5) ln(0.4/0.5) + (0.2 − 0.0001) ln(2000).
        var expected = 2 * (0.4 - 0.5) * Math.Log(0.4 / 0.5) + (0.2 - 0.0001) * Math.Log(2000);
        Assert.Equal(expected, Psi.Compute(Samples.Categories(40, 40, 20), Samples.Categories(50, 50, 0)), 12);
    }

    [Fact]
    public void SturgesEdges_AsNumpy()
    {
        // numpy.histogram_bin_edges(range(200), 'sturges'): ⌈log₂ 200 + 1⌉ = 9 bins over [0, 199].
        var edges = Psi.SturgesEdges(0, 199, 200);
        Assert.Equal(10, edges.Length);
        Assert.Equal(199.0 / 9, edges[1], 12);
    }

    [Fact]
    public void Psi_ProducerEdges_AreUsedWhenTheBaselineCameBinned()
    {
        var baseline = new ValueSketch();
        baseline.AddBinned([0, 1, 2, 3], [100, 200, 100]);
        var window = new ValueSketch();
        window.AddBinned([0, 1, 2, 3], [200, 100, 100]);
        var bins = Psi.Bin(baseline, window);
        Assert.Equal([0, 1, 2, 3], bins.Edges!);
        // Shares (¼, ½, ¼) vs (½, ¼, ¼): PSI = (−¼) ln ½ + ¼ ln 2 = ½ ln 2.
        Assert.Equal(0.5 * Math.Log(2), Psi.Compute(bins), 12);
    }
}
