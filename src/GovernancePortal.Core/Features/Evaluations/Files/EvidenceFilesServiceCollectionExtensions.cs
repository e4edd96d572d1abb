using GovernancePortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Evaluations.Files;

public static class EvidenceFilesServiceCollectionExtensions
{
    /// <summary>
    /// The evidence file store and its reader. Unless a host configures <see cref="EvidenceFileStoreOptions.FileStore"/>,
    /// files are kept in <c>evidence/</c> beside a SQLite database file; the web host also gives PostgreSQL a default.
    /// </summary>
    public static IServiceCollection AddEvidenceFiles(this IServiceCollection services, GovernanceDatabase database)
    {
        // Not bound here: hosts without IConfiguration (component tests) use the default; the web host binds
        // Evidence:FileStore itself, relative to its content root (DatabaseSetup.EvidenceFolder).
        services.AddOptions<EvidenceFileStoreOptions>()
            .PostConfigure(o => o.FileStore = o.FileStore is { Length: > 0 } root ? root : BesideSqliteFile(database));
        services.AddSingleton<IEvidenceFileStore, FileSystemEvidenceFileStore>();
        services.AddScoped<EvidenceFileService>();
        services.AddScoped<EvidenceFileSweep>();
        services.AddHostedService<EvidenceFileSweepScheduler>();
        return services;
    }

    private static string? BesideSqliteFile(GovernanceDatabase database) =>
        database.Provider == DatabaseProvider.Sqlite && new SqliteConnectionStringBuilder(database.ConnectionString).DataSource is { Length: > 0 } file
            && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder
            ? Path.Combine(folder, "evidence") : null;
}
