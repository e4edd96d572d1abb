using GovernancePortal.Core.Data;
using Npgsql;

namespace GovernancePortal.UnitTests.Data;

/// <summary>The contexts' PostgreSQL connections prepare repeated statements unless the operator said otherwise (ADR 0063).</summary>
public class PreparedStatementsTests
{
    [Fact]
    public void Default_TurnsAutomaticPreparationOn_KeepingEverythingElse()
    {
        var result = new NpgsqlConnectionStringBuilder(GovernanceDatabase.WithPreparedStatements("Host=db;Port=5433;Database=gov;Username=portal;Maximum Pool Size=40"));
        Assert.Equal(256, result.MaxAutoPrepare);
        Assert.Equal(2, result.AutoPrepareMinUsages);
        Assert.Equal(("db", 5433, "gov", "portal", 40), (result.Host, result.Port, result.Database, result.Username, result.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]  // behind a transaction-mode pooler
    [InlineData("Host=db;MaxAutoPrepare=0", 0)]
    [InlineData("Host=db;max auto prepare=20", 20)]
    public void OperatorsChoice_IsKept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(GovernanceDatabase.WithPreparedStatements(connectionString)).MaxAutoPrepare);
}
