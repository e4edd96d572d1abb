using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Cards;

public static class CardsServiceCollectionExtensions
{
    /// <summary>AI Cards: the writer, the reader, and the reader as the promotion gates' <see cref="IPublishedCards"/>.</summary>
    public static IServiceCollection AddCards(this IServiceCollection services)
    {
        services.AddScoped<CardService>();
        services.AddScoped<CardReader>();
        services.AddScoped<IPublishedCards>(sp => sp.GetRequiredService<CardReader>());
        return services;
    }
}
