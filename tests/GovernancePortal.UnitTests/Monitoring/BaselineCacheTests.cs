using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Monitoring;

namespace GovernancePortal.UnitTests.Monitoring;

/// <summary>The baseline cache: one read per baseline until a change that can touch it (ADR 0041).</summary>
public class BaselineCacheTests
{
    private static readonly Guid Staging = Guid.NewGuid(), Production = Guid.NewGuid();
    private static readonly DateTime To = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly BaselineSource Source = new(Guid.NewGuid(), "v1", [(Staging, "staging")], To.AddDays(-7), To);

    private static Func<Task<IReadOnlyDictionary<string, ValueSketch>>> Counting(Action onRead) => () =>
    {
        onRead();
        return Task.FromResult<IReadOnlyDictionary<string, ValueSketch>>(new Dictionary<string, ValueSketch> { ["score"] = new() });
    };

    [Fact]
    public async Task SecondRead_IsCached_ProductionWindowsDoNotInvalidate_StagingWindowsDo()
    {
        var signal = new RegisterSignal();
        var cache = new BaselineCache(signal);
        var reads = 0;
        var first = await cache.GetOrAddAsync(Source, Counting(() => reads++));
        Assert.Same(first, await cache.GetOrAddAsync(Source, Counting(() => reads++)));
        Assert.Equal(1, reads);

        signal.Publish([new(nameof(ObservationWindow), Production, ChangeKind.Updated)]);
        await cache.GetOrAddAsync(Source, Counting(() => reads++));
        Assert.Equal(1, reads);

        signal.Publish([new(nameof(ObservationWindow), Staging, ChangeKind.Updated)]);
        await cache.GetOrAddAsync(Source, Counting(() => reads++));
        Assert.Equal(2, reads);

        signal.Publish([new("Evaluation", Guid.NewGuid(), ChangeKind.Updated)]);
        await cache.GetOrAddAsync(Source, Counting(() => reads++));
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task AChangeWhileReading_IsNotKept()
    {
        var signal = new RegisterSignal();
        var cache = new BaselineCache(signal);
        var reads = 0;
        // The staging endpoint changes while the baseline is being read: the value read may predate it, so it is not cached.
        await cache.GetOrAddAsync(Source, Counting(() => { reads++; signal.Publish([new(nameof(ObservationWindow), Staging, ChangeKind.Updated)]); }));
        await cache.GetOrAddAsync(Source, Counting(() => reads++));
        Assert.Equal(2, reads);
        await cache.GetOrAddAsync(Source, Counting(() => reads++));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task ReferenceBaselines_AreKeyedByEvaluation()
    {
        var cache = new BaselineCache(new RegisterSignal());
        var reads = 0;
        await cache.GetOrAddAsync(Source with { ReferenceEvaluationId = Guid.NewGuid() }, Counting(() => reads++));
        await cache.GetOrAddAsync(Source with { ReferenceEvaluationId = Guid.NewGuid() }, Counting(() => reads++));
        await cache.GetOrAddAsync(Source, Counting(() => reads++));
        Assert.Equal(3, reads);
    }
}
