using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GovernancePortal.UnitTests.Data;

/// <summary>Automatic statement preparation on PostgreSQL (ADR 0061): on by default, the administrator's string wins.</summary>
public class GovernanceDatabasePrepareTests
{
    private const string Plain = "Host=127.0.0.1;Port=5432;Username=portal;Password=p;Database=gp";

    [Fact]
    public void A_string_without_preparation_settings_gets_the_defaults()
    {
        var opened = new NpgsqlConnectionStringBuilder(GovernanceDatabase.Postgres(Plain).PostgresConnectionString());
        Assert.Equal(GovernanceDatabase.DefaultMaxAutoPrepare, opened.MaxAutoPrepare);
        Assert.Equal(GovernanceDatabase.DefaultAutoPrepareMinUsages, opened.AutoPrepareMinUsages);
        Assert.Equal(("127.0.0.1", "portal", "p", "gp"), (opened.Host, opened.Username, opened.Password, opened.Database));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0, 5)]       // turned off by the administrator: stays off
    [InlineData("maxautoprepare=10", 10, 5)]       // keyword spelled without spaces, any case
    [InlineData("Auto Prepare Min Usages=7", 0, 7)] // naming either setting leaves both to the administrator
    public void A_string_that_names_a_setting_is_left_as_written(string setting, int max, int minUsages)
    {
        var written = Plain + ";" + setting;
        var opened = GovernanceDatabase.Postgres(written).PostgresConnectionString();
        Assert.Equal(written, opened);
        var parsed = new NpgsqlConnectionStringBuilder(opened);
        Assert.Equal((max, minUsages), (parsed.MaxAutoPrepare, parsed.AutoPrepareMinUsages));
    }

    [Fact]
    public void The_context_opens_the_prepared_string()
    {
        var options = GovernanceDatabase.Postgres(Plain).Configure(new DbContextOptionsBuilder<GovernanceDbContext>()).Options;
        using var db = new GovernanceDbContext((DbContextOptions<GovernanceDbContext>)options);
        var opened = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal(GovernanceDatabase.DefaultMaxAutoPrepare, opened.MaxAutoPrepare);
    }
}
