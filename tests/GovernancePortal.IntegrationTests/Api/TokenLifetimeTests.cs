using System.Net;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GovernancePortal.IntegrationTests.Api;

public class TokenLifetimeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly PortalFactory factory;

    public TokenLifetimeTests() => factory = new PortalFactory { Time = clock };
    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Token_AfterExpiry_401()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        clock.Advance(TimeSpan.FromDays(ServiceIdentityService.DefaultDays + 1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task RotatedToken_OldOneRefusedAfterGrace()
    {
        var (oldClient, token) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var rotated = (await factory.Get<ServiceIdentityService>().RotateAsync(Caller.System("test"), token.Id)).Value!;
        clock.Advance(ServiceIdentityService.RotationGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldClient.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApiClient.Bearer(factory, rotated.Token).GetAsync("/api/v1/models")).StatusCode);
    }
}
