using GovernancePortal.Core.Features.Compliance;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Evidence;

public static class EvidenceServiceCollectionExtensions
{
    public static IServiceCollection AddEvidence(this IServiceCollection services)
    {
        services.AddScoped<EvidenceReader>();
        services.AddScoped<EvidencePackService>();
        services.AddScoped<CoverageService>();
        return services;
    }
}
