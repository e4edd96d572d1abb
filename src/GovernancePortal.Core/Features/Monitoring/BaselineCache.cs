using System.Collections.Concurrent;
using GovernancePortal.Core.Data;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// The merged baseline sketches per baseline (staging endpoints + window, or reference evaluation), so that an ingest
/// batch for a production endpoint does not re-read and re-merge a week of staging windows (up to 10,080 rows per name)
/// each time the drift rule runs. Invalidated by the register signal: staging observations of an endpoint in a cached
/// baseline, or any evaluation (reference distributions are reported as their evaluation) or endpoint change. A value
/// computed while an invalidation happened is returned but not kept, so a cache entry never predates a change.
/// Entries are read-only; the cache holds at most <see cref="Capacity"/> baselines.
/// </summary>
public sealed class BaselineCache
{
    public const int Capacity = 256;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    // A logical clock: every invalidation takes the next tick and stamps what it touched.
    private long clock;
    private long allStamp;
    private readonly ConcurrentDictionary<Guid, long> endpointStamps = new();

    private sealed record Entry(IReadOnlySet<Guid> Endpoints, IReadOnlyDictionary<string, ValueSketch> Sketches);

    public BaselineCache(RegisterSignal signal) => signal.Changed += Invalidate;

    /// <summary>How many baselines were read from the database (what the tests count).</summary>
    public int Misses => misses;
    private int misses;

    public async Task<IReadOnlyDictionary<string, ValueSketch>> GetOrAddAsync(BaselineSource source, Func<Task<IReadOnlyDictionary<string, ValueSketch>>> read)
    {
        var key = Key(source);
        if (entries.TryGetValue(key, out var hit)) return hit.Sketches;
        var before = Interlocked.Read(ref clock);
        Interlocked.Increment(ref misses);
        var value = await read();
        if (!ChangedSince(before, source))
        {
            if (entries.Count >= Capacity) entries.Clear();
            entries[key] = new Entry(source.StagingEndpoints.Select(s => s.Id).ToHashSet(), value);
            // An invalidation between the check and the store would have missed this entry: check once more.
            if (ChangedSince(before, source)) entries.TryRemove(key, out _);
        }
        return value;
    }

    private bool ChangedSince(long tick, BaselineSource source) =>
        Interlocked.Read(ref allStamp) > tick || source.StagingEndpoints.Any(e => endpointStamps.TryGetValue(e.Id, out var stamp) && stamp > tick);

    private static string Key(BaselineSource s) => s.ReferenceEvaluationId is { } evaluation ? $"evaluation:{evaluation}"
        : $"{string.Join(',', s.StagingEndpoints.Select(e => e.Id).Order())}:{s.From:O}:{s.To:O}";

    private void Invalidate(IReadOnlyList<RegisterChange> changes)
    {
        var all = changes.Any(c => c.EntityType is nameof(Domain.Evaluation) or nameof(Domain.ServingEndpoint));
        var windows = changes.Where(c => c.EntityType == nameof(ObservationWindow)).Select(c => c.Id).ToHashSet();
        if (!all && windows.Count == 0) return;
        var tick = Interlocked.Increment(ref clock);
        if (all) Interlocked.Exchange(ref allStamp, tick);
        foreach (var id in windows) endpointStamps[id] = tick;
        var stale = entries.Where(e => all || e.Value.Endpoints.Overlaps(windows)).Select(e => e.Key).ToList();
        foreach (var k in stale) entries.TryRemove(k, out _);
    }
}
