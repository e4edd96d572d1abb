using System.Net.Http.Headers;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Api;

public static class ApiClient
{
    /// <summary>The account that owns test pipelines: a data scientist, who never signs a promotion.</summary>
    public static readonly string Owner = GovernancePortal.Core.Seeding.DemoUsers.IdOf("scientist@demo.local");

    /// <summary>Creates a service identity with <paramref name="scopes"/> and a client that sends its token.</summary>
    public static async Task<(HttpClient Client, CreatedToken Token)> WithScopesAsync(PortalFactory factory, params string[] scopes)
    {
        // A token's owner is an account; a host without the demo (Production) has none yet.
        await using (var db = factory.NewDb())
            if (!await db.Users.AnyAsync(u => u.Id == Owner))
                Assert.True((await factory.Get<UserAdminService>().CreateAsync(Caller.System("test"), "scientist@demo.local", "Pipeline owner",
                    "Granite-Meadow-Compass-7", [GovernancePortal.Core.Identity.Roles.DataScientist], Owner)).Succeeded);
        var token = (await factory.Get<ServiceIdentityService>().CreateAsync(Caller.System("test"),
            "svc-" + Guid.NewGuid().ToString("N")[..8], Owner, "tests", scopes)).Value!;
        return (Bearer(factory, token.Token), token);
    }

    public static HttpClient Bearer(PortalFactory factory, string token)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
