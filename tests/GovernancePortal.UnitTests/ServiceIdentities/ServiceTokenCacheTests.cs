using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.UnitTests.ServiceIdentities;

public class ServiceTokenCacheTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 6, 0, 0, DateTimeKind.Utc);
    private readonly RegisterSignal signal = new();
    private readonly ServiceIdentity identity = new() { Name = "pipe", Owner = "o", TokenHash = "h", TokenHint = "gp_…" };

    [Fact]
    public void Store_AfterAClearThatFollowedTheRead_IsDropped()
    {
        var cache = new ServiceTokenCache(signal);
        var readAt = cache.Generation;
        cache.Clear(); // a revoke committed while the lookup was reading the old row
        cache.Store("h", identity, readAt, Now);
        Assert.Null(cache.Find("h", Now));
    }

    [Fact]
    public void Find_WithinLifetime_Hits_AfterIt_Misses()
    {
        var cache = new ServiceTokenCache(signal);
        cache.Store("h", identity, cache.Generation, Now);
        Assert.Same(identity, cache.Find("h", Now + ServiceTokenCache.Lifetime - TimeSpan.FromTicks(1)));
        Assert.Null(cache.Find("h", Now + ServiceTokenCache.Lifetime));
        Assert.Null(cache.Find("h", Now));
    }

    [Theory]
    [InlineData(nameof(ServiceIdentity), true)]
    [InlineData("ApplicationUser", true)]
    [InlineData(nameof(ServiceIdentityUsage), false)]
    [InlineData("TrainingRun", false)]
    public void Signal_ClearsOnIdentityOrUserChangesOnly(string entityType, bool clears)
    {
        var cache = new ServiceTokenCache(signal);
        cache.Store("h", identity, cache.Generation, Now);
        signal.Publish([new RegisterChange(entityType, Guid.NewGuid(), ChangeKind.Updated)]);
        Assert.Equal(clears, cache.Find("h", Now) is null);
    }
}
