using GovernancePortal.Core.Features.Promotions.Attestation;
using GovernancePortal.Core.Features.Promotions.Gates;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Promotions;

public static class PromotionsServiceCollectionExtensions
{
    public static IServiceCollection AddPromotions(this IServiceCollection services)
    {
        services.AddOptions<PromotionOptions>().BindConfiguration(PromotionOptions.Section);
        services.AddSingleton<PromotionEvents>();
        services.AddScoped<PolicyService>();
        // The gates, in checklist order. New checks join by registering another IGateCheck.
        services.AddScoped<IGateCheck, EvidenceGate>();
        services.AddScoped<IGateCheck, ProvenanceGate>();
        services.AddScoped<IGateCheck, AiCardGate>();
        services.AddScoped<GateEvaluator>();
        services.AddScoped<PromotionService>();
        services.AddScoped<PromotionQueries>();
        services.AddScoped<AttestationKeyService>();
        services.AddScoped<ReleaseDecisionService>();
        services.AddSingleton<Data.IRegisterChangeConsumer, PromotionRevalidation>();
        return services;
    }
}
