using System.Collections.Concurrent;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Data.Instances;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovernancePortal.IntegrationTests.Instances;

/// <summary>
/// Events cross instances with LISTEN/NOTIFY (ADR 0043): what one instance publishes is published on the others,
/// each instance ignores its own, a batch larger than one NOTIFY arrives whole, and so does a burst of separate events.
/// </summary>
[Trait(TestDatabase.Trait, PostgresServer.PostgresOnly)]
public class PeerEventsTests
{
    /// <summary>One portal instance's event plumbing, as AddPortalInstances wires it.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        public PortalInstance Id { get; } = new();
        public PostgresPeerBroadcast Broadcast { get; }
        public RegisterSignal Signal { get; }
        public PromotionEvents Promotions { get; }
        public PostgresPeerListener Listener { get; }
        public ConcurrentQueue<RegisterChange> Heard { get; } = new();
        public ConcurrentQueue<Guid> HeardPromotions { get; } = new();

        public Instance(ScratchDatabase db)
        {
            Broadcast = new(db.Database, Id, NullLogger<PostgresPeerBroadcast>.Instance);
            Signal = new(Broadcast);
            Promotions = new(Broadcast);
            Listener = new(db.Database, Id, Signal, Promotions, NullLogger<PostgresPeerListener>.Instance);
            Signal.Changed += changes => { foreach (var c in changes) Heard.Enqueue(c); };
            Promotions.Changed += id => HeardPromotions.Enqueue(id);
        }

        public async Task StartAsync()
        {
            await Listener.StartAsync(default);
            await Listener.Listening.WaitAsync(TimeSpan.FromSeconds(90));
        }

        public async ValueTask DisposeAsync()
        {
            await Listener.StopAsync(default);
            Listener.Dispose();
            await Broadcast.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task PromotionChangedOnOne_IsPublishedOnTheOther_AndNotTwiceOnItself()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        await using var a = new Instance(db);
        await using var b = new Instance(db);
        await a.StartAsync();
        await b.StartAsync();
        var request = Guid.NewGuid();

        a.Promotions.Publish(request);

        Assert.Equal([request], a.HeardPromotions); // locally, at once
        await PostgresServer.EventuallyAsync(() => Task.FromResult(b.HeardPromotions.Contains(request)), "b hears a's promotion event");
        // a's own notification reached its listener before b's marker (one server delivers in commit order): ignored.
        var marker = Guid.NewGuid();
        b.Promotions.Publish(marker);
        await PostgresServer.EventuallyAsync(() => Task.FromResult(a.HeardPromotions.Contains(marker)), "a hears b's marker");
        Assert.Equal([request, marker], a.HeardPromotions);
        Assert.Equal([request, marker], b.HeardPromotions);
    }

    [SkippableFact]
    public async Task RegisterChangesLargerThanOneNotify_ArriveWholeOnTheOther()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        await using var a = new Instance(db);
        await using var b = new Instance(db);
        await a.StartAsync();
        await b.StartAsync();
        var changes = Enumerable.Range(0, 1_000)
            .Select(i => new RegisterChange(i % 2 == 0 ? "ModelVersion" : "LineageEdge", Guid.NewGuid(), (ChangeKind)(i % 3), i % 2 == 0 ? null : Guid.NewGuid()))
            .ToList();

        a.Signal.Publish(changes);

        await PostgresServer.EventuallyAsync(() => Task.FromResult(b.Heard.Count >= changes.Count), "b hears all 1,000 changes");
        Assert.Equal(changes, b.Heard.ToList());
        Assert.Equal(changes.Count, a.Heard.Count); // only its own local publish
    }

    [SkippableFact]
    public async Task ABurstOfSeparateEvents_ArrivesWholeAndInOrderOnTheOther()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        await using var a = new Instance(db);
        await using var b = new Instance(db);
        await a.StartAsync();
        await b.StartAsync();
        // 1,000 publishes of one change each, faster than one round trip: the pump sends what has queued (up to 200
        // NOTIFYs a round trip), so batches of every size follow each other; none may be lost, repeated or reordered.
        var changes = Enumerable.Range(0, 1_000).Select(_ => new RegisterChange("TrainingRun", Guid.NewGuid(), ChangeKind.Created)).ToList();
        var promotions = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();

        for (var i = 0; i < changes.Count; i++)
        {
            a.Signal.Publish([changes[i]]);
            if (i % 20 == 0) a.Promotions.Publish(promotions[i / 20]);
        }

        await PostgresServer.EventuallyAsync(() => Task.FromResult(b.Heard.Count >= changes.Count && b.HeardPromotions.Count >= promotions.Count), "b hears the whole burst");
        Assert.Equal(changes, b.Heard.ToList());
        Assert.Equal(promotions, b.HeardPromotions.ToList());
    }
}
