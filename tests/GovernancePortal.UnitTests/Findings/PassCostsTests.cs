using GovernancePortal.Core.Features.Findings.Engine;

namespace GovernancePortal.UnitTests.Findings;

/// <summary>Full or incremental for a large batch, by what each kind of pass has cost (ADR 0074).</summary>
public class PassCostsTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void UpToTheLimit_AlwaysIncremental_EvenWhenAFullPassIsCheap()
    {
        var costs = new PassCosts();
        costs.Record(full: true, 0, Ms(1));
        Assert.False(costs.PreferFull(PassCosts.IncrementalLimit));
    }

    [Fact]
    public void BeforeAnythingIsMeasured_ABatchOverTheLimitGetsAFullPass() =>
        Assert.True(new PassCosts().PreferFull(PassCosts.IncrementalLimit + 1));

    [Fact]
    public void SteadyIngest_LargeBatchesStayIncremental_WhileFollowingThemCostsLessThanAFullPass()
    {
        var costs = new PassCosts();
        costs.Record(full: true, 0, Ms(1_000));          // the register: a full pass costs 1 s
        costs.Record(full: false, 800, Ms(80));          // 0.1 ms per change
        Assert.False(costs.PreferFull(8_000));           // 800 ms < 1 s
        Assert.True(costs.PreferFull(12_000));           // 1.2 s > 1 s: a bulk load
    }

    [Fact]
    public void SmallPasses_DoNotInformTheCostPerChange()
    {
        var costs = new PassCosts();
        costs.Record(full: true, 0, Ms(1_000));
        costs.Record(full: false, 800, Ms(80));
        costs.Record(full: false, 3, Ms(60));            // 20 ms per change, but it is the pass's fixed cost
        Assert.False(costs.PreferFull(8_000));
    }

    [Fact]
    public void TheLatestFullPassSetsItsCost_AsTheRegisterGrows()
    {
        var costs = new PassCosts();
        costs.Record(full: true, 0, Ms(200));
        costs.Record(full: false, 1_000, Ms(100));
        Assert.True(costs.PreferFull(8_000));            // 800 ms > 200 ms
        costs.Record(full: true, 0, Ms(2_000));
        Assert.False(costs.PreferFull(8_000));
    }
}
