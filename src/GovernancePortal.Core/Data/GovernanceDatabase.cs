using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Data;

/// <summary>The database engines the portal runs on (ADR 0039).</summary>
public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Which database the portal talks to: the one owner of the provider switch. Hosts build it from configuration
/// (<c>Database:Provider</c> and <c>ConnectionStrings:Governance</c>); features that differ per provider
/// (planner statistics, the audit append lock, later leases and notifications) ask it, never the connection string.
/// </summary>
public sealed partial record GovernanceDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public const string SqliteMigrationsAssembly = "GovernancePortal.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "GovernancePortal.Migrations.Postgres";

    public static GovernanceDatabase Sqlite(string connectionString) => new(DatabaseProvider.Sqlite, connectionString);

    public static GovernanceDatabase Postgres(string connectionString) => new(DatabaseProvider.Postgres, connectionString);

    /// <summary>Reads a <c>Database:Provider</c> value; absent means the embedded default, anything unknown is refused by name.</summary>
    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Database:Provider '{value}' is not supported; use Sqlite (the default) or Postgres."),
    };

    /// <summary>
    /// The provider a context was configured with, for code that holds a context rather than this record (the audit
    /// append lock, planner statistics): the one place that maps EF Core's provider to ours.
    /// </summary>
    public static DatabaseProvider ProviderOf(DbContext db) => db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    public string MigrationsAssembly => Provider == DatabaseProvider.Postgres ? PostgresMigrationsAssembly : SqliteMigrationsAssembly;

    /// <summary>Points EF Core at this database, with the migrations assembly of its provider (ADR 0002).</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) => Provider switch
    {
        // Times are UTC `timestamp with time zone` (the UTC converters guarantee the kind); no legacy timestamp switch.
        // Reads are retried over a broken connection or a restarting server; writes never are (ADR 0044).
        // The pool is sized for the server's cores unless the administrator's string says otherwise (ADR 0067).
        DatabaseProvider.Postgres => options.UseNpgsql(PostgresConnectionString(), x => x.MigrationsAssembly(MigrationsAssembly)
            .ExecutionStrategy(d => new ReadRetryingExecutionStrategy(d))),
        _ => options.UseSqlite(ConnectionString, x => x.MigrationsAssembly(MigrationsAssembly)),
    };
}

public static class GovernanceDatabaseServiceCollectionExtensions
{
    /// <summary>
    /// The context factory (which also registers the scoped context Identity's stores use) over the chosen database,
    /// and the <see cref="GovernanceDatabase"/> itself for code that must behave differently per provider. On SQLite also
    /// the connection settings and the background WAL checkpointer (ADR 0068).
    /// </summary>
    public static IServiceCollection AddGovernanceDatabase(this IServiceCollection services, GovernanceDatabase database)
    {
        services.AddSingleton(database);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextFactory<GovernanceDbContext>(o => database.Configure(o));
            return services;
        }
        // SQLite: every connection gets the portal's settings, and the WAL is checkpointed off the request path (ADR 0068).
        services.AddSingleton<Sqlite.SqliteConnectionSetup>();
        services.AddSingleton<Sqlite.SqliteCommitGate>();
        services.AddOptions<Sqlite.WalCheckpointOptions>().BindConfiguration(Sqlite.WalCheckpointOptions.Section);
        services.AddSingleton<Sqlite.WalCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<Sqlite.WalCheckpointer>());
        services.AddDbContextFactory<GovernanceDbContext>((sp, o) => database.Configure(o).AddInterceptors(sp.GetRequiredService<Sqlite.SqliteConnectionSetup>()));
        return services;
    }
}
