using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Seeding;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.IntegrationTests.Identity;

/// <summary>The usage heartbeat a service identity's calls leave (hygiene warnings read it).</summary>
public class ServiceIdentityUsageTests(LogCapturingPortalFactory factory) : IClassFixture<LogCapturingPortalFactory>
{
    [Fact]
    public async Task ParallelFirstCalls_LeaveOneRowWithEveryScope_AndNoFailedInsertInTheLog()
    {
        var identities = factory.Get<ServiceIdentityService>();
        var created = await identities.CreateAsync(Caller.System("test"), "usage-" + Guid.NewGuid().ToString("N")[..8],
            DemoUsers.IdOf("platform@demo.local"), "tests", [Scopes.Read, Scopes.LineageWrite]);
        var id = created.Value!.Id;
        factory.Log.Clear();

        // A pipeline's first burst: calls with two scopes at once, before any row exists.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            identities.RecordUsageAsync(id, i % 2 == 0 ? Scopes.Read : Scopes.LineageWrite, "127.0.0.1"))));

        await using var db = await factory.Get<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var rows = await db.ServiceIdentityUsages.AsNoTracking().Where(u => u.ServiceIdentityId == id).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal([Scopes.LineageWrite, Scopes.Read], row.ScopesLastUsed.Keys.Order());
        Assert.DoesNotContain(factory.Log.Entries, e => e.Level >= LogLevel.Error);
    }
}
