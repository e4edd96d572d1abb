using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>Observation ingest, retention and the monitoring reads (the drift rule is registered with the other rules in AddFindings).</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section);
        services.AddScoped<ObservationIngest>();
        services.AddScoped<ObservationRetention>();
        services.AddScoped<MonitoringService>();
        services.AddScoped<ReferenceDistributionService>();
        services.AddSingleton<BaselineCache>();
        services.AddHostedService<ObservationRetentionScheduler>();
        return services;
    }
}
