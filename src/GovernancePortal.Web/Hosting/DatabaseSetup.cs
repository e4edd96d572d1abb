using GovernancePortal.Core.Data;
using GovernancePortal.Core.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Web.Hosting;

public static class DatabaseSetup
{
    /// <summary>
    /// The database from configuration: <c>Database:Provider</c> (<c>Sqlite</c>, the default, or <c>Postgres</c>) and
    /// <c>ConnectionStrings:Governance</c>. SQLite defaults to <c>data/governance.db</c>, and a relative file path is
    /// taken relative to the content root, never the working folder; PostgreSQL has no default and must be named.
    /// </summary>
    public static GovernanceDatabase Resolve(IConfiguration config, string contentRoot)
    {
        var provider = GovernanceDatabase.ParseProvider(config["Database:Provider"]);
        if (provider == DatabaseProvider.Postgres)
            return GovernanceDatabase.Postgres(config.GetConnectionString("Governance") is { Length: > 0 } cs ? cs
                : throw new InvalidOperationException("Database:Provider is Postgres: set ConnectionStrings:Governance (e.g. Host=db;Database=governance;Username=portal;Password=...)."));
        return GovernanceDatabase.Sqlite(ResolveConnectionString(config, contentRoot));
    }

    /// <summary>
    /// The SQLite connection string: <c>ConnectionStrings:Governance</c>, or <c>data/governance.db</c> under the
    /// content root. A relative file path is taken relative to the content root, never the working folder.
    /// </summary>
    public static string ResolveConnectionString(IConfiguration config, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(config.GetConnectionString("Governance") ?? "Data Source=data/governance.db");
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } dir)
            Directory.CreateDirectory(dir);
        return builder.ToString();
    }

    /// <summary>
    /// Where Data Protection keys were kept before they moved into the database (ADR 0043): beside the SQLite file (or
    /// data/ under the content root for in-memory and PostgreSQL databases). Read once at start-up to import them.
    /// </summary>
    public static string LegacyKeysDirectory(GovernanceDatabase database, string contentRoot)
    {
        return Path.Combine(DataFolder(database, contentRoot), "keys");
    }

    /// <summary>The folder beside the SQLite file, or data/ under the content root (PostgreSQL, in-memory SQLite).</summary>
    public static string DataFolder(GovernanceDatabase database, string contentRoot)
    {
        var source = database.Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(database.ConnectionString).DataSource : ":memory:";
        return source == ":memory:" ? Path.Combine(contentRoot, "data") : Path.GetDirectoryName(source)!;
    }

    /// <summary>
    /// The evidence file store's folder (ADR 0040): <c>Evidence:FileStore</c> (relative to the content root), else
    /// <c>evidence/</c> in the data folder. Several instances on one PostgreSQL database must point it at one shared volume.
    /// </summary>
    public static string EvidenceFolder(IConfiguration config, GovernanceDatabase database, string contentRoot) =>
        config[$"{Core.Features.Evaluations.Files.EvidenceFileStoreOptions.Section}:FileStore"] is { Length: > 0 } configured
            ? Path.Combine(contentRoot, configured)
            : Path.Combine(DataFolder(database, contentRoot), "evidence");

    /// <summary>Applies migrations, creates the roles and (in Development or with --seed-demo) loads the demo.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool seedDemo)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GovernanceDbContext>();
        await db.Database.MigrateAsync();
        // Before anything reads the key ring: keys from the folder older versions used still decrypt what they protected.
        var imported = await DataProtectionKeyImport.ImportFolderAsync(db,
            LegacyKeysDirectory(scope.ServiceProvider.GetRequiredService<GovernanceDatabase>(), app.Environment.ContentRootPath));
        if (imported > 0) app.Logger.LogInformation("Imported {Count} Data Protection key(s) from the old key folder into the database.", imported);
        await QueryPlannerStatistics.RefreshAsync(db);
        // Promotions are denied without a policy; a fresh install starts from the shipped defaults (docs/policies/).
        await scope.ServiceProvider.GetRequiredService<Core.Features.Promotions.PolicyService>().EnsureDefaultsAsync();
        // A verifier can pin the attestation key before the first release is ever approved.
        await scope.ServiceProvider.GetRequiredService<Core.Features.Promotions.Attestation.AttestationKeyService>().EnsureKeyAsync();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        if (seedDemo)
        {
            var message = await seeder.SeedAsync(DemoPassword(app));
            app.Logger.LogInformation("{Message}", message);
        }
        else
        {
            await seeder.EnsureRolesAsync();
        }
    }

    /// <summary>The demo password; the documented default is refused outside Development.</summary>
    public static string DemoPassword(WebApplication app)
    {
        var password = app.Configuration["Demo:Password"];
        if (string.IsNullOrWhiteSpace(password))
            throw new InvalidOperationException("Set Demo:Password (environment variable Demo__Password) to seed demo users.");
        if (!app.Environment.IsDevelopment() && password == DemoUsers.DefaultPassword)
            throw new InvalidOperationException("Refusing the documented default Demo:Password outside Development; set your own.");
        return password;
    }
}
