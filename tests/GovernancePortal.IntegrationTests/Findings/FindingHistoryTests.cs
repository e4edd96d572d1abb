using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Findings.History;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Findings;

/// <summary>A finding's history (ADR 0030): every transition, by people through the service and by the engine, on the seeded demo.</summary>
public class FindingHistoryTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static Caller Person(string email, string role) =>
        new(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf(email), email), new HashSet<string> { role });

    private static readonly Caller Security = Person("security@demo.local", Roles.SecurityReviewer);

    private Task<Finding> EventuallyAsync(Func<Finding, bool> match) => factory.FindingAsync(match);

    [Fact]
    public async Task History_RecordsEveryTransition_ByPeopleAndByTheEngine_OldestFirst()
    {
        var identities = factory.Get<ServiceIdentityService>();
        var created = (await identities.CreateAsync(Caller.System("test"), "history-bot", GovernancePortal.Core.Seeding.DemoUsers.IdOf("admin@demo.local"), "history", [Scopes.Read])).Value!;
        await using (var db = factory.NewDb())
        {
            db.Actor = Actor.System("test");
            (await db.ServiceIdentities.SingleAsync(s => s.Id == created.Id)).CreatedAt = DateTime.UtcNow.AddDays(-45);
            await db.SaveChangesAsync();
        }
        var stale = await EventuallyAsync(f => f.Rule == FindingRule.ServiceIdentityStale && f.EntityId == created.Id && f.ResolvedAt == null);
        var findings = factory.Get<FindingsService>();

        Assert.Equal(1, (await findings.AcknowledgeAsync(Security, [stale.Id], "Asking the owner")).Value);
        Assert.Equal(1, (await findings.ResolveAsync(Security, [stale.Id], "Believed unused")).Value);
        // The condition still holds: the engine reopens the same finding.
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        Assert.Equal(FindingStatus.Open, (await findings.GetAsync(stale.Id))!.Status);
        var until = DateTime.UtcNow.Date.AddDays(30);
        Assert.Equal(1, (await findings.SuppressAsync(Security, [stale.Id], "Quarterly batch job", until)).Value);
        Assert.Equal(1, (await findings.ReopenAsync(Security, [stale.Id], "The job was cancelled")).Value);
        // Fixed at the cause: the engine resolves it by itself.
        Assert.True((await identities.RevokeAsync(PortalFactory.Admin, created.Id)).Succeeded);
        await EventuallyAsync(f => f.Id == stale.Id && f.ResolvedAt != null);

        var history = await findings.HistoryAsync(stale.Id);
        Assert.Equal([FindingEventKind.Raised, FindingEventKind.Acknowledged, FindingEventKind.Resolved, FindingEventKind.Reopened,
            FindingEventKind.Suppressed, FindingEventKind.Reopened, FindingEventKind.AutoResolved], history.Select(e => e.Kind));
        Assert.Equal(["findings-engine", "security@demo.local", "security@demo.local", "findings-engine", "security@demo.local", "security@demo.local", "findings-engine"],
            history.Select(e => e.Actor));
        Assert.Equal("Asking the owner", history[1].Text);
        Assert.Equal("Believed unused", history[2].Text);
        Assert.Equal("Quarterly batch job", history[4].Text);
        Assert.Equal(until, history[4].SuppressedUntil);
        Assert.Equal("The job was cancelled", history[5].Text);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At));

        // The audit chain carries the same people's transitions.
        await using var check = factory.NewDb();
        var actions = await check.AuditEntries.Where(a => a.EntityId == stale.Id.ToString() && a.Action.StartsWith("Finding.")).Select(a => a.Action).ToListAsync();
        Assert.Equal(1, actions.Count(a => a == AuditActions.FindingAcknowledged));
        Assert.Equal(1, actions.Count(a => a == AuditActions.FindingSuppressed));
        Assert.Equal(2, actions.Count(a => a == AuditActions.FindingReopened));
    }

    [Fact]
    public async Task WrongRole_IsRefusedByTheService_AllOrNothing_AndNothingIsRecorded()
    {
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        var findings = factory.Get<FindingsService>();
        var identity = (await findings.ListAsync(new(FindingSignal.ServiceIdentity, Status: FindingStatus.Open), 0, 1)).Items.Single();
        var lineage = (await findings.ListAsync(new(FindingSignal.InconsistentLineage, Status: FindingStatus.Open), 0, 1)).Items.Single();
        int Events() { using var db = factory.NewDb(); return db.FindingEvents.Count(); }
        var before = Events();

        // A data scientist may act on lineage findings, not on service identities: the mixed request is refused whole.
        var mixed = await findings.AcknowledgeAsync(PortalFactory.Scientist, [lineage.Id, identity.Id], "on it");
        Assert.IsType<Error.Forbidden>(mixed.Error);
        // Platform may act on lineage but not accept its risk; a service identity never acts.
        Assert.IsType<Error.Forbidden>((await findings.SuppressAsync(Person("platform@demo.local", Roles.PlatformReviewer), [lineage.Id], "accepted", DateTime.UtcNow.AddDays(10))).Error);
        Assert.IsType<Error.Forbidden>((await findings.ResolveAsync(Caller.Service("bot", [Scopes.Read]), [lineage.Id], "fixed")).Error);
        // Bad input is refused with the field named, and changes nothing.
        var tooLong = await findings.SuppressAsync(Person("risk@demo.local", Roles.RiskReviewer), [lineage.Id], "accepted", DateTime.UtcNow.AddDays(FindingsService.MaxSuppressionDays + 1));
        Assert.Contains("Until", Assert.IsType<Error.Validation>(tooLong.Error).Fields.Keys);
        Assert.Contains("Reason", Assert.IsType<Error.Validation>((await findings.ResolveAsync(PortalFactory.Scientist, [lineage.Id], "  ")).Error).Fields.Keys);

        Assert.Equal(FindingStatus.Open, (await findings.GetAsync(lineage.Id))!.Status);
        Assert.Equal(FindingStatus.Open, (await findings.GetAsync(identity.Id))!.Status);
        Assert.Equal(before, Events());
        Assert.Equal(1, (await findings.AcknowledgeAsync(PortalFactory.Scientist, [lineage.Id], "on it")).Value);
        Assert.Equal(before + 1, Events());
    }

    [Fact]
    public async Task SeededDemo_ShowsEverySignalAtLeastOnce()
    {
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        await using var db = factory.NewDb();
        var active = await db.Findings.AsNoTracking().Where(f => f.ResolvedAt == null).Select(f => f.Signal).Distinct().ToListAsync();
        Assert.All(Enum.GetValues<FindingSignal>(), s => Assert.Contains(s, active));
        // Every finding starts its history with its raise.
        Assert.False(await db.Findings.AnyAsync(f => !db.FindingEvents.Any(e => e.FindingId == f.Id && e.Kind == FindingEventKind.Raised)));
    }
}
