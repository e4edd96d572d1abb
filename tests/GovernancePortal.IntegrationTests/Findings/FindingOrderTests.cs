using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.IntegrationTests.Infrastructure;
using GovernancePortal.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Findings;

/// <summary>
/// The findings list's order as the database keeps it (ADR 0062): a stored rank over severity and resolution, added by
/// each provider's migration. A database migrated from nothing and holding only this test's rows, so no engine pass
/// can resolve them meanwhile.
/// </summary>
public sealed class FindingOrderTests : IAsyncLifetime
{
    private readonly string name = $"gp_order_{Guid.NewGuid():N}"[..24];
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        if (TestDatabase.IsPostgres)
        {
            PostgresTestDatabases.Create(name, TestTemplate.None);
            connectionString = PostgresTestDatabases.ConnectionString(name);
        }
        else connectionString = $"Data Source={Path.Combine(Path.GetTempPath(), name + ".db")}";
        await using var db = NewDb();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (services is not null) await services.DisposeAsync();
        TestDatabase.ClearPools();
        if (TestDatabase.IsPostgres) PostgresTestDatabases.Drop(name);
        else File.Delete(Path.Combine(Path.GetTempPath(), name + ".db"));
    }

    // The portal's own registration: Identity's options shape the model the migrations were made from.
    private ServiceProvider? services;

    private GovernanceDbContext NewDb()
    {
        services ??= new ServiceCollection().AddLogging()
            .AddGovernanceCore(new GovernanceDatabase(TestDatabase.Provider, connectionString)).BuildServiceProvider();
        var db = services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();
        db.Actor = Actor.System("test");
        return db;
    }

    private static Finding Make(string key, FindingSeverity severity, int minutesAgo, bool resolved = false)
    {
        var seen = DateTime.UtcNow.AddMinutes(-minutesAgo);
        return new Finding
        {
            Signal = FindingSignal.InconsistentLineage, Rule = FindingRule.ModelVersionWithoutRun, Severity = severity,
            Status = resolved ? FindingStatus.Resolved : FindingStatus.Open, ResolvedAt = resolved ? seen : null,
            EntityType = FindingEntity.ModelVersion, EntityId = Guid.NewGuid(), EntityName = key, ConditionKey = key, Title = key,
            Message = key, FirstSeen = seen, LastSeen = seen,
        };
    }

    private async Task<List<string>> ListedAsync()
    {
        await using var db = NewDb();
        return await db.Findings.AsNoTracking().InListOrder().Select(f => f.ConditionKey).ToListAsync();
    }

    [Fact]
    public async Task List_IsMostSevereFirst_ActiveBeforeResolved_ThenMostRecentlySeen()
    {
        await using (var db = NewDb())
        {
            // Inserted in an order that neither the text of the severity nor the insertion order would sort right.
            db.Findings.AddRange(
                Make("medium-new", FindingSeverity.Medium, 1), Make("critical-resolved", FindingSeverity.Critical, 1, resolved: true),
                Make("low", FindingSeverity.Low, 0), Make("critical-old", FindingSeverity.Critical, 30),
                Make("high", FindingSeverity.High, 5), Make("critical-new", FindingSeverity.Critical, 2), Make("medium-old", FindingSeverity.Medium, 9));
            await db.SaveChangesAsync();
        }
        Assert.Equal(["critical-new", "critical-old", "critical-resolved", "high", "medium-new", "medium-old", "low"], await ListedAsync());
    }

    [Fact]
    public async Task Rank_FollowsEveryWrite_ResolvingAndReopeningAndChangingSeverity()
    {
        await using (var db = NewDb())
        {
            db.Findings.AddRange(Make("a", FindingSeverity.High, 1), Make("b", FindingSeverity.High, 2), Make("c", FindingSeverity.Medium, 3));
            await db.SaveChangesAsync();
        }
        Assert.Equal(["a", "b", "c"], await ListedAsync());

        await using (var db = NewDb())
        {
            var a = await db.Findings.SingleAsync(f => f.ConditionKey == "a");
            (a.Status, a.ResolvedAt) = (FindingStatus.Resolved, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        Assert.Equal(["b", "a", "c"], await ListedAsync());

        await using (var db = NewDb())
        {
            var c = await db.Findings.SingleAsync(f => f.ConditionKey == "c");
            c.Severity = FindingSeverity.Critical;
            var a = await db.Findings.SingleAsync(f => f.ConditionKey == "a");
            (a.Status, a.ResolvedAt) = (FindingStatus.Open, null);
            await db.SaveChangesAsync();
        }
        Assert.Equal(["c", "a", "b"], await ListedAsync());
    }
}
