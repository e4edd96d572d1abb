using GovernancePortal.Core.Features.Lineage.OpenLineage;

namespace GovernancePortal.UnitTests.Lineage;

public class EventTimeTests
{
    [Theory]
    [InlineData("2026-11-27T10:00:00Z", "2026-11-27T10:00:00.0000000Z", false)]
    [InlineData("2026-11-27T10:00:00.123456789Z", "2026-11-27T10:00:00.1234567Z", false)] // Java/Go nanoseconds
    [InlineData("2026-11-27T12:00:00.5+02:00", "2026-11-27T10:00:00.5000000Z", false)]
    [InlineData("2020-12-28T19:52:00.001+10:00", "2020-12-28T09:52:00.0010000Z", false)]
    [InlineData("2026-11-27T10:00:00.987654", "2026-11-27T10:00:00.9876540Z", true)] // Python isoformat() without a zone
    [InlineData("2026-11-27T10:00:00", "2026-11-27T10:00:00.0000000Z", true)]
    [InlineData("2026-11-27T11:00:00+0100", "2026-11-27T10:00:00.0000000Z", false)]
    [InlineData("2026-11-27T11:00:00+01", "2026-11-27T10:00:00.0000000Z", false)]
    public void TryParse_AsEmittersWriteIt_ReadAsUtc(string text, string expected, bool zoneless)
    {
        Assert.True(EventTime.TryParse(text, out var utc, out var noZone));
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expected, utc.ToString("O"));
        Assert.Equal(zoneless, noZone);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-40T10:00:00Z")]
    [InlineData("1700000000")]
    public void TryParse_NotATime_False(string? text) => Assert.False(EventTime.TryParse(text, out _, out _));
}
