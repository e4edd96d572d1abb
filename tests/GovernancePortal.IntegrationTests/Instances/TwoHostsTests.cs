using System.Net;
using GovernancePortal.Core.Features.Webhooks;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Instances;

/// <summary>
/// Two portal hosts on one PostgreSQL database share one Data Protection key ring (ADR 0043): a sign-in cookie from one
/// is accepted by the other, and a webhook secret encrypted by one decrypts on the other.
/// </summary>
[Trait(TestDatabase.Trait, PostgresServer.PostgresOnly)]
public class SharedKeyRingTests
{
    /// <summary>A portal host on a database someone else created (several of them share it).</summary>
    private sealed class SharedPortal(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Governance", connectionString);
            foreach (var (key, value) in PortalFactory.TestFriendlyLimits) builder.UseSetting(key, value);
            builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, TestRemoteAddress>());
        }
    }

    [SkippableFact]
    public async Task CookieFromOneInstance_IsAcceptedByTheOther_AndSecretsDecryptOnBoth()
    {
        PostgresServer.Require();
        var name = $"gp_keys_{Guid.NewGuid():N}";
        PostgresTestDatabases.Create(name, seeded: true);
        try
        {
            var cs = PostgresTestDatabases.ConnectionString(name);
            await using var a = new SharedPortal(cs);
            await using var b = new SharedPortal(cs);
            var noRedirects = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false };
            var clientA = a.CreateClient(noRedirects);
            var clientB = b.CreateClient(noRedirects);

            var login = await LoginClient.PostLoginAsync(clientA, "admin@demo.local", PortalFactory.Password);
            Assert.True(login.RedirectsTo("/"), $"sign-in on A: {login.StatusCode} {login.Headers.Location}");
            var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("gp.auth="));

            var request = new HttpRequestMessage(HttpMethod.Get, "/admin/webhooks");
            request.Headers.Add("Cookie", cookie);
            var onB = await clientB.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
            var anonymous = await clientB.GetAsync("/admin/webhooks");
            Assert.True(anonymous.RedirectsTo("/Account/Login"), "without the cookie B asks for a sign-in");

            await using var scopeA = a.Services.CreateAsyncScope();
            var created = await scopeA.ServiceProvider.GetRequiredService<WebhookService>()
                .CreateAsync(PortalFactory.Admin, new WebhookInput($"hook-{Guid.NewGuid():N}"[..20], "https://hooks.example.com/gp", [WebhookEvents.FindingRaised]));
            Assert.True(created.Succeeded, created.Error?.Message);
            await using var dbB = b.Services.GetRequiredService<IDbContextFactory<Core.Data.GovernanceDbContext>>().CreateDbContext();
            var stored = await dbB.WebhookEndpoints.AsNoTracking().SingleAsync(w => w.Id == created.Value!.Id);
            var onBProtector = b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(WebhookService.ProtectorPurpose);
            Assert.Equal(created.Value!.Secret, onBProtector.Unprotect(stored.ProtectedSecret));
            Assert.True(await dbB.DataProtectionKeys.CountAsync() >= 1);
        }
        finally
        {
            PostgresTestDatabases.Drop(name);
        }
    }
}
