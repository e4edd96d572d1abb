using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Admin service, the HTTP client (timeout per attempt, no redirects followed) and the background dispatcher.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            // A redirect would send the signed body somewhere the admin never configured.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddSingleton<WebhookSender>();
        services.AddScoped<WebhookService>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}
