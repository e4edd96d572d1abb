using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Lineage.OpenLineage;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Data;

/// <summary>
/// <see cref="GovernanceDatabase.IsWriteConflict"/> on the real provider: a lost race says so, an unreachable database
/// does not (a PostgreSQL outage must not read as "someone else was saving").
/// </summary>
public class WriteConflictTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static LineageEvent Event(string key) => new()
    {
        EventKey = key, EventType = "COMPLETE", EventTime = DateTime.UtcNow, ReceivedAt = DateTime.UtcNow, ReceivedBy = "test", Json = "{}",
    };

    [Fact]
    public async Task SameUniqueKeyTwice_IsAUniqueViolationAndAWriteConflict()
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var db = factory.NewDb())
        {
            db.LineageEvents.Add(Event(key));
            await db.SaveChangesAsync();
        }
        await using var second = factory.NewDb();
        second.LineageEvents.Add(Event(key));
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
        Assert.True(GovernanceDatabase.IsUniqueViolation(e), e.ToString());
        Assert.True(GovernanceDatabase.IsWriteConflict(e), e.ToString());
    }

    [Fact]
    public async Task DatabaseUnreachable_IsNoWriteConflict()
    {
        // Port 1 refuses connections; a SQLite file in a folder that does not exist cannot be opened.
        var database = TestDatabase.IsPostgres
            ? GovernanceDatabase.Postgres("Host=127.0.0.1;Port=1;Username=postgres;Database=nowhere;Timeout=5")
            : GovernanceDatabase.Sqlite($"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing", "x.db")};Mode=ReadWrite");
        await using var db = new GovernanceDbContext((DbContextOptions<GovernanceDbContext>)database.Configure(new DbContextOptionsBuilder<GovernanceDbContext>()).Options);
        db.LineageEvents.Add(Event(Guid.NewGuid().ToString("N")));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
        Assert.False(GovernanceDatabase.IsUniqueViolation(e), e.ToString());
        Assert.False(GovernanceDatabase.IsWriteConflict(e), e.ToString());
    }
}
