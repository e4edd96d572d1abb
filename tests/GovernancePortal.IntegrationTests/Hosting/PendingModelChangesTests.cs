using GovernancePortal.Core;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>
/// Every schema change needs a migration for each provider (ADR 0002, ADR 0039; docs/migrations.md). These compare the
/// model with each migrations assembly's snapshot without connecting, so both run on every run, SQLite or PostgreSQL.
/// </summary>
public class PendingModelChangesTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Model_HasNoChangesMissingAMigration(DatabaseProvider provider)
    {
        // Never opened: the comparison is between the model and the snapshot, not the database.
        var database = provider == DatabaseProvider.Postgres
            ? GovernanceDatabase.Postgres("Host=127.0.0.1;Database=never_opened")
            : GovernanceDatabase.Sqlite("Data Source=never-opened.db");
        // The portal's own registration: the Identity options shape the model the migrations are checked against.
        await using var services = new ServiceCollection().AddLogging().AddGovernanceCore(database).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();

        Assert.True(db.Database.GetMigrations().Any(), $"{database.MigrationsAssembly} holds no migrations");
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changes without a {provider} migration: dotnet ef migrations add <Name> --project src/{database.MigrationsAssembly} --startup-project src/GovernancePortal.Web (docs/migrations.md)");
    }

    [Theory]
    [InlineData(new[] { "migrations", "add", "X", "--project", "src/GovernancePortal.Migrations.Postgres/GovernancePortal.Migrations.Postgres.csproj" }, DatabaseProvider.Postgres)]
    [InlineData(new[] { "migrations", "add", "X", "--assembly", "/b/GovernancePortal.Migrations.Sqlite.dll" }, DatabaseProvider.Sqlite)]
    [InlineData(new[] { "migrations", "list" }, DatabaseProvider.Sqlite)]
    public void DesignTimeFactory_ProviderFollowsTheTargetMigrationsProject(string[] toolArgs, DatabaseProvider expected) =>
        Assert.Equal(expected, GovernancePortal.Web.Hosting.DesignTimeDbContextFactory.ProviderFor([], toolArgs));

    [Fact]
    public void DesignTimeFactory_ExplicitProviderArgument_Wins() =>
        Assert.Equal(DatabaseProvider.Postgres, GovernancePortal.Web.Hosting.DesignTimeDbContextFactory.ProviderFor(["--provider", "Postgres"], ["migrations", "list"]));

    [Fact]
    public void ParseProvider_UnknownName_IsRefusedByName()
    {
        var e = Assert.Throws<InvalidOperationException>(() => GovernanceDatabase.ParseProvider("mysql"));
        Assert.Contains("'mysql'", e.Message);
    }
}
