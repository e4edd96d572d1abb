using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GovernancePortal.UnitTests.Data;

/// <summary>The contexts' PostgreSQL pool size (ADR 0067): a small default, the administrator's string wins.</summary>
public class GovernanceDatabasePoolTests
{
    private const string Plain = "Host=127.0.0.1;Port=5432;Username=portal;Password=p;Database=gp";

    [Fact]
    public void A_string_without_a_pool_size_gets_the_default_and_keeps_everything_else()
    {
        var opened = new NpgsqlConnectionStringBuilder(GovernanceDatabase.Postgres(Plain).PostgresConnectionString());
        Assert.Equal(GovernanceDatabase.DefaultMaxPoolSize, opened.MaxPoolSize);
        Assert.NotEqual(new NpgsqlConnectionStringBuilder().MaxPoolSize, opened.MaxPoolSize);
        Assert.Equal(("127.0.0.1", 5432, "portal", "p", "gp"), (opened.Host, opened.Port, opened.Username, opened.Password, opened.Database));
    }

    [Theory]
    [InlineData("Maximum Pool Size=100", 100)]
    [InlineData("MAXIMUM POOL SIZE=40", 40)]
    [InlineData("maxpoolsize=8", 8)] // any spelling and case Npgsql accepts
    public void A_string_that_names_a_pool_size_is_left_as_written(string setting, int size)
    {
        var written = Plain + ";" + setting;
        var opened = GovernanceDatabase.Postgres(written).PostgresConnectionString();
        Assert.Equal(written, opened);
        Assert.Equal(size, new NpgsqlConnectionStringBuilder(opened).MaxPoolSize);
    }

    [Fact]
    public void The_contexts_open_the_sized_string()
    {
        var options = GovernanceDatabase.Postgres(Plain).Configure(new DbContextOptionsBuilder<GovernanceDbContext>()).Options;
        using var db = new GovernanceDbContext((DbContextOptions<GovernanceDbContext>)options);
        Assert.Equal(GovernanceDatabase.DefaultMaxPoolSize, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxPoolSize);
    }
}
