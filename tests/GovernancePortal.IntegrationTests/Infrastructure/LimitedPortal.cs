using System.Net;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>Helpers for the abuse-limit tests: requests from a chosen client address.</summary>
public static class LimitedPortal
{
    public static HttpClient ClientFrom(this PortalFactory factory, string address)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, address);
        return client;
    }

    public static bool IsTooMany(this HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter is not null;
}
