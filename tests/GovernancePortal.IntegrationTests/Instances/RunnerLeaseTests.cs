using GovernancePortal.Core.Data.Instances;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovernancePortal.IntegrationTests.Instances;

/// <summary>The runner lease on PostgreSQL (ADR 0043): one holder among instances, and a prompt takeover when it goes.</summary>
[Trait(TestDatabase.Trait, PostgresServer.PostgresOnly)]
public class RunnerLeaseTests
{
    private static PostgresRunnerLease Lease(ScratchDatabase db) =>
        new(db.Database, Options.Create(new RunnerLeaseOptions()), NullLogger<PostgresRunnerLease>.Instance);

    // Advisory locks are per database, but pg_locks shows the whole server: other test classes' portals hold the
    // same key in their own databases at the same time, so count only this scratch database's holders.
    private static Task<long> HoldersAsync(ScratchDatabase db) => db.ScalarAsync(
        $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ((classid::bigint << 32) | objid::bigint) = {PostgresRunnerLease.LockKey}");

    [SkippableFact]
    public async Task TwoInstances_ExactlyOneHolds_AndKeepsHoldingOnEveryAsk()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        await using var a = Lease(db);
        await using var b = Lease(db);

        Assert.True(await a.HoldAsync(default));
        Assert.False(await b.HoldAsync(default));
        Assert.True(await a.HoldAsync(default));
        Assert.False(await b.HoldAsync(default));
        Assert.Equal(1, await HoldersAsync(db));
    }

    [SkippableFact]
    public async Task HolderStops_TheOtherTakesOver()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        var a = Lease(db);
        await using var b = Lease(db);
        Assert.True(await a.HoldAsync(default));
        Assert.False(await b.HoldAsync(default));

        await a.DisposeAsync();

        await PostgresServer.EventuallyAsync(() => b.HoldAsync(default), "the second instance takes the lease");
        Assert.False(await a.HoldAsync(default));
        Assert.Equal(1, await HoldersAsync(db));
    }

    [SkippableFact]
    public async Task HolderSessionDropped_HolderLearnsItLostTheLease_TheOtherTakesOver()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        await using var a = Lease(db);
        await using var b = Lease(db);
        Assert.True(await a.HoldAsync(default));
        Assert.False(await b.HoldAsync(default));

        // What a dead instance, a restarted connection pooler or an administrator does to the holder's session.
        await db.ScalarAsync($"SELECT count(*) FROM (SELECT pg_terminate_backend({a.HolderProcessId})) t");

        await PostgresServer.EventuallyAsync(() => b.HoldAsync(default), "the second instance takes the lease");
        Assert.False(await a.HoldAsync(default));
        Assert.True(await b.HoldAsync(default));
        Assert.Equal(1, await HoldersAsync(db));
    }
}
