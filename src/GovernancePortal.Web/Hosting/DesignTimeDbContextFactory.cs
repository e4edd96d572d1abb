using GovernancePortal.Core;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// What <c>dotnet ef</c> builds the context with. The provider follows the migrations project the command targets
/// (<c>--project src/GovernancePortal.Migrations.Postgres</c> means PostgreSQL), so one command per provider works
/// as written in docs/migrations.md; <c>-- --provider Postgres</c> says it explicitly. The context comes from the
/// portal's own registration because the Identity options shape the model (passkey table).
/// Generating a migration never connects; <c>dotnet ef database update</c> uses <c>ConnectionStrings__Governance</c>.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GovernanceDbContext>
{
    public GovernanceDbContext CreateDbContext(string[] args)
    {
        var provider = ProviderFor(args, Environment.GetCommandLineArgs());
        // The portal's own resolution (DatabaseSetup.Resolve) over the environment, with a placeholder server for
        // PostgreSQL so that generating a migration needs no setting; SQLite's default file lies under the tool's output.
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        config["Database:Provider"] = provider.ToString();
        if (provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(config.GetConnectionString("Governance")))
            config["ConnectionStrings:Governance"] = "Host=127.0.0.1;Database=governance_design_time";
        var database = DatabaseSetup.Resolve(config, AppContext.BaseDirectory);
        var services = new ServiceCollection().AddLogging().AddGovernanceCore(database).BuildServiceProvider();
        return services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();
    }

    /// <summary>An explicit <c>--provider X</c> wins; otherwise the EF tool's own arguments name the target migrations assembly.</summary>
    public static DatabaseProvider ProviderFor(string[] args, string[] toolArgs)
    {
        var explicitIndex = Array.IndexOf(args, "--provider");
        if (explicitIndex >= 0 && explicitIndex + 1 < args.Length) return GovernanceDatabase.ParseProvider(args[explicitIndex + 1]);
        return toolArgs.Any(a => a.Contains(GovernanceDatabase.PostgresMigrationsAssembly, StringComparison.Ordinal))
            ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
    }
}
