using System.Collections.Concurrent;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Features.ServiceIdentities;

/// <summary>
/// Identities that authenticated recently, by token hash, so a pipeline's requests do not each cost two database
/// lookups (ADR 0045). Only successes are kept (a forged token cannot fill it), with the owner check already passed;
/// expiry and the rotation grace are still checked against the clock on every hit by
/// <see cref="ServiceIdentityService.AuthenticateAsync"/>.
/// Invalidation: any committed change to a service identity (revoke, rotate) or to a user account (disabled, deleted,
/// roles changed: each of these rewrites the user row) empties the cache on this instance before the saving call
/// returns, through the register-changed signal. A change made by another instance (or an admin verb's process) reaches
/// this one within <see cref="Lifetime"/>, the longest an entry lives.
/// </summary>
public sealed class ServiceTokenCache
{
    /// <summary>The bound on how long another instance's revoke can go unseen here.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 10_000;

    private readonly record struct Entry(ServiceIdentity Identity, DateTime CachedAt);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long generation;

    public ServiceTokenCache(RegisterSignal signal) =>
        signal.Changed += changes =>
        {
            if (changes.Any(c => c.EntityType is nameof(ServiceIdentity) or nameof(ApplicationUser))) Clear();
        };

    /// <summary>Read before the database lookup and handed to <see cref="Store"/>: a clear in between wins.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public void Clear()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    public ServiceIdentity? Find(string hash, DateTime now)
    {
        if (!entries.TryGetValue(hash, out var entry)) return null;
        if (now - entry.CachedAt < Lifetime && now >= entry.CachedAt) return entry.Identity;
        entries.TryRemove(new KeyValuePair<string, Entry>(hash, entry));
        return null;
    }

    /// <summary>
    /// Keeps an identity read from the database at <paramref name="readGeneration"/>. If a revoke cleared the cache after
    /// that read (before or after this write), the entry is dropped: a stale read can never outlive the clear.
    /// </summary>
    public void Store(string hash, ServiceIdentity identity, long readGeneration, DateTime now)
    {
        if (Generation != readGeneration) return;
        if (entries.Count >= MaxEntries) entries.Clear();
        var entry = new Entry(identity, now);
        entries[hash] = entry;
        if (Generation != readGeneration) entries.TryRemove(new KeyValuePair<string, Entry>(hash, entry));
    }
}
