using System.Net;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task RevokedByAnotherInstance_RefusedHereOnceTheCacheLifetimeHasPassed()
    {
        var (client, token) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        // Another instance's revoke reaches this database but not this process's register-changed signal.
        await using (var db = factory.NewDb())
            Assert.Equal(1, await db.ServiceIdentities.Where(s => s.Id == token.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, clock.GetUtcNow().UtcDateTime)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        clock.Advance(ServiceTokenCache.Lifetime);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task RevokedOnThisInstance_RefusedAtOnce_WithoutWaitingForTheCache()
    {
        var (client, token) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        Assert.True((await factory.Get<ServiceIdentityService>().RevokeAsync(Caller.System("test"), token.Id)).Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task OwnerRolesChanged_ClearsTheCachedToken()
    {
        var (client, created) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        var cache = factory.Services.GetRequiredService<ServiceTokenCache>();
        var now = clock.GetUtcNow().UtcDateTime;
        Assert.NotNull(cache.Find(ServiceToken.Hash(created.Token), now));
        Assert.True((await factory.Get<GovernancePortal.Core.Identity.UserAdminService>().SetRolesAsync(PortalFactory.Admin, ApiClient.Owner,
            [GovernancePortal.Core.Identity.Roles.DataScientist, GovernancePortal.Core.Identity.Roles.RiskReviewer])).Succeeded);
        Assert.Null(cache.Find(ServiceToken.Hash(created.Token), now));
    }
}
