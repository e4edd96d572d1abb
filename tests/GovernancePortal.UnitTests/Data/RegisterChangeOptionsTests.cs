using GovernancePortal.Core.Data;

namespace GovernancePortal.UnitTests.Data;

/// <summary>How long the runner waits before the next findings pass (ADR 0074): the debounce, or k times the last pass.</summary>
public class RegisterChangeOptionsTests
{
    private static readonly RegisterChangeOptions Options = new() { DebounceMilliseconds = 250, PassSpacingFactor = 3, MaxPassSpacingMilliseconds = 1_500 };
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void AfterAShortPass_TheDebounceIsTheWait() => Assert.Equal(Ms(250), Options.WaitBeforePass(Ms(50), Ms(0)));

    [Fact]
    public void AfterALongPass_TheNextWaitsKTimesItsLength() => Assert.Equal(Ms(600), Options.WaitBeforePass(Ms(200), Ms(0)));

    [Fact]
    public void TimeAlreadySpentIdleSinceThePass_CountsTowardsTheSpacing()
    {
        Assert.Equal(Ms(400), Options.WaitBeforePass(Ms(200), Ms(200)));
        // A change long after the last pass waits only the debounce: sparse changes are not made later.
        Assert.Equal(Ms(250), Options.WaitBeforePass(Ms(200), Ms(5_000)));
    }

    [Fact]
    public void TheSpacingIsCapped_SoAVeryLongPassDoesNotMakeFindingsLateWithoutBound() =>
        Assert.Equal(Ms(1_500), Options.WaitBeforePass(Ms(10_000), Ms(0)));

    [Fact]
    public void FactorZero_IsTheOldFixedDebounce() =>
        Assert.Equal(Ms(250), new RegisterChangeOptions { PassSpacingFactor = 0 }.WaitBeforePass(Ms(10_000), Ms(0)));
}
