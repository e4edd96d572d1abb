using System.Net;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Data.Instances;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Webhooks;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Instances;

/// <summary>
/// Two portal hosts on one PostgreSQL database (ADR 0043): they share one Data Protection key ring (a sign-in cookie
/// from one is accepted by the other, a webhook secret encrypted by one decrypts on the other), and the findings engine
/// on the lease holder hears writes made on the other host.
/// </summary>
[Trait(TestDatabase.Trait, PostgresServer.PostgresOnly)]
public class TwoHostsTests
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
        PostgresTestDatabases.Create(name, TestTemplate.Demo);
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

    [SkippableFact]
    public async Task WriteOnTheStandbyHost_RaisesItsFindingThroughTheLeaseHolder()
    {
        PostgresServer.Require();
        var name = $"gp_hosts_{Guid.NewGuid():N}";
        PostgresTestDatabases.Create(name, TestTemplate.Demo);
        try
        {
            var cs = PostgresTestDatabases.ConnectionString(name);
            await using var a = new SharedPortal(cs);
            await using var b = new SharedPortal(cs);
            a.CreateClient();
            b.CreateClient();
            PostgresRunnerLease Lease(SharedPortal host) => (PostgresRunnerLease)host.Services.GetRequiredService<IRunnerLease>();
            await PostgresServer.EventuallyAsync(() => Task.FromResult(Lease(a).HolderProcessId is not null || Lease(b).HolderProcessId is not null), "one host holds the lease");
            var holder = Lease(a).HolderProcessId is not null ? a : b;
            var standby = holder == a ? b : a;
            Assert.Null(Lease(standby).HolderProcessId);
            await standby.Services.GetRequiredService<PostgresPeerListener>().Listening.WaitAsync(TimeSpan.FromSeconds(90));
            await holder.Services.GetRequiredService<PostgresPeerListener>().Listening.WaitAsync(TimeSpan.FromSeconds(90));

            await using var scope = standby.Services.CreateAsyncScope();
            var version = await scope.ServiceProvider.GetRequiredService<ModelRegistryService>()
                .RegisterVersionAsync(PortalFactory.Scientist, new("two-hosts-orphan", "1.0", "onnx", "s3://o", Sha.Of("two-hosts-orphan")));
            Assert.True(version.Succeeded, version.Error?.Message);

            // The standby host evaluates nothing; the finding can only come from the holder, which heard the write.
            await PostgresServer.EventuallyAsync(async () =>
            {
                await using var db = standby.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContext();
                return await db.Findings.AnyAsync(f => f.Rule == FindingRule.ModelVersionWithoutRun && f.EntityId == version.Value && f.ResolvedAt == null);
            }, "the lease holder raises the finding for a version registered on the standby host");
        }
        finally
        {
            PostgresTestDatabases.Drop(name);
        }
    }
}
