using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovernancePortal.Core.Data.Instances;

public static class InstanceServiceCollectionExtensions
{
    /// <summary>
    /// Several instances on one PostgreSQL (ADR 0043): the runner lease is an advisory lock, and events fan out to the
    /// other instances with NOTIFY. SQLite is one instance: the in-process lease and in-process events, as before.
    /// </summary>
    public static IServiceCollection AddPortalInstances(this IServiceCollection services, GovernanceDatabase database)
    {
        services.AddSingleton<PortalInstance>();
        if (database.Provider != DatabaseProvider.Postgres) return services;
        services.AddOptions<RunnerLeaseOptions>().BindConfiguration(RunnerLeaseOptions.Section);
        services.TryAddSingleton<IRunnerLease, PostgresRunnerLease>();
        services.AddSingleton<PostgresPeerBroadcast>();
        services.AddSingleton<IPeerBroadcast>(sp => sp.GetRequiredService<PostgresPeerBroadcast>());
        services.AddSingleton<PostgresPeerListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresPeerListener>());
        return services;
    }
}
