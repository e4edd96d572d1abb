using GovernancePortal.Core.Data;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Data;

/// <summary>
/// A context's PostgreSQL connection keeps a statement it has run twice prepared on the server, so the server stops
/// planning it anew (ADR 0063); an operator's <c>Max Auto Prepare=0</c> turns that off.
/// </summary>
[Trait("Provider", PostgresServer.PostgresOnly)]
public class PreparedStatementsTests
{
    [SkippableFact]
    public async Task RepeatedQuery_IsPreparedOnTheServer()
    {
        await using var scratch = await PostgresServer.EmptyDatabaseAsync();
        Assert.True(await PreparedAfterRepeatsAsync(scratch.Database) > 0);
    }

    [SkippableFact]
    public async Task OperatorTurnedItOff_NothingIsPrepared()
    {
        await using var scratch = await PostgresServer.EmptyDatabaseAsync();
        Assert.Equal(0, await PreparedAfterRepeatsAsync(GovernanceDatabase.Postgres(scratch.ConnectionString + ";Max Auto Prepare=0")));
    }

    private static async Task<long> PreparedAfterRepeatsAsync(GovernanceDatabase database)
    {
        await using var db = new GovernanceDbContext((DbContextOptions<GovernanceDbContext>)database.Configure(new DbContextOptionsBuilder<GovernanceDbContext>()).Options);
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        for (var i = 0; i < 4; i++)
        {
            await using var repeated = connection.CreateCommand();
            repeated.CommandText = "SELECT count(*) FROM pg_class WHERE relname = 'gp_not_there'";
            await repeated.ExecuteScalarAsync();
        }
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%gp_not_there%'";
        return Convert.ToInt64(await count.ExecuteScalarAsync());
    }
}
