using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

namespace GovernancePortal.UnitTests.Evaluations.Computed.RedTeam;

public class WilsonIntervalTests
{
    /// <summary>
    /// Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    /// Statistics in Medicine 17 (1998) 857-872, Table I, method 3 (score interval without continuity correction),
    /// published to 4 decimals: 81/263 → 0.2553-0.3662, 15/148 → 0.0624-0.1605, 0/20 → 0-0.1611, 1/29 → 0.0061-0.1718.
    /// </summary>
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void MatchesNewcombesPublishedTable(long successes, long trials, double low, double high)
    {
        var ci = WilsonInterval.Of(successes, trials)!.Value;
        Assert.Equal(low, ci.Low, 4);
        Assert.Equal(high, ci.High, 4);
    }

    /// <summary>
    /// Computed by hand from the formula (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959963984540054,
    /// in double precision with Python 3 (math.sqrt), to 12 decimals: 13/50 is garak's test_with_ci eval (13 fails of 50).
    /// </summary>
    [Theory]
    [InlineData(13, 50, 0.158715274935524, 0.395531572648488)]
    [InlineData(3, 120, 0.008538174769902, 0.070930033327866)]
    [InlineData(37, 50, 0.604468427351512, 0.841284725064476)]
    public void MatchesTheFormulaComputedIndependently(long successes, long trials, double low, double high)
    {
        var ci = WilsonInterval.Of(successes, trials)!.Value;
        Assert.Equal(low, ci.Low, 12);
        Assert.Equal(high, ci.High, 12);
    }

    /// <summary>At 0/n the interval is [0, z²/(n + z²)] and at n/n [n/(n + z²), 1]: closed forms of the same formula.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(5)]
    [InlineData(2400)]
    public void NoneAndAll_AreExactAtTheBoundAndClosedFormAtTheOther(long n)
    {
        var z2 = WilsonInterval.Z * WilsonInterval.Z;
        var none = WilsonInterval.Of(0, n)!.Value;
        Assert.Equal(0.0, none.Low);
        Assert.Equal(z2 / (n + z2), none.High, 12);
        var all = WilsonInterval.Of(n, n)!.Value;
        Assert.Equal(1.0, all.High);
        Assert.Equal(n / (n + z2), all.Low, 12);
    }

    [Fact]
    public void NoTrials_NoInterval() => Assert.Null(WilsonInterval.Of(0, 0));

    [Fact]
    public void MoreSuccessesThanTrials_IsAProgrammingError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(3, 2));

    [Fact]
    public void EveryInterval_ContainsItsRate_AndStaysInZeroOne()
    {
        for (var n = 1; n <= 60; n++)
            for (var x = 0; x <= n; x++)
            {
                var (low, high) = WilsonInterval.Of(x, n)!.Value;
                Assert.InRange(low, 0, (double)x / n);
                Assert.InRange(high, (double)x / n, 1);
            }
    }
}
