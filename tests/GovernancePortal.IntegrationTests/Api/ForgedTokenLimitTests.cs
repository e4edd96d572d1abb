using System.Net;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>
/// Forged tokens pass the public checksum, so each would get its own per-token bucket: a per-address limit in front of the
/// token lookup shares one budget among them.
/// </summary>
public class ForgedTokenLimitTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new() { Settings = new() { ["Api:PerAddressPerSecond"] = "1", ["Api:PerAddressBurst"] = "3" } };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task ForgedTokensFromOneAddress_ShareOneBudget_429WithRetryAfter()
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            var client = ApiClient.Bearer(factory, ServiceToken.Generate()); // well-formed, checksum valid, unknown
            client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, "203.0.113.99");
            responses.Add(await client.GetAsync("/api/v1/models"));
        }
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Unauthorized);
        Assert.Contains(responses, r => r.IsTooMany());
        Assert.Equal("application/problem+json", responses.First(r => r.IsTooMany()).Content.Headers.ContentType?.MediaType);

        var elsewhere = ApiClient.Bearer(factory, ServiceToken.Generate());
        elsewhere.DefaultRequestHeaders.Add(TestRemoteAddress.Header, "203.0.113.100");
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/models")).StatusCode);
    }
}
