using System.Net;
using System.Text.Json;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Identity.SignIn;
using GovernancePortal.Core.Seeding;
using GovernancePortal.IntegrationTests.Infrastructure;
using GovernancePortal.Web.Components.Account.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Identity;

/// <summary>Issue 10 item 4: sign-in is throttled per address and per account, answers alike, and cannot be used to lock people out.</summary>
public abstract class SignInAbuseTestBase(Dictionary<string, string> settings) : IAsyncLifetime
{
    protected readonly PortalFactory Factory = new() { Settings = settings };

    public Task InitializeAsync() { Factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await Factory.DisposeAsync();

    protected async Task<string> NewUserAsync(params string[] roles)
    {
        var email = $"u{Guid.NewGuid():N}"[..12] + "@demo.local";
        var created = await Factory.Get<UserAdminService>().CreateAsync(PortalFactory.Admin, email, "Test Person", PortalFactory.Password, roles, DemoUsers.IdOf(email));
        Assert.True(created.Succeeded, created.Error?.Message);
        return email;
    }

    protected async Task<ApplicationUser> UserAsync(string email)
    {
        await using var db = Factory.NewDb();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }
}

public class SignInPerAddressLimitTests() : SignInAbuseTestBase(new() { ["SignIn:PerAddressPermits"] = "5", ["SignIn:WindowSeconds"] = "3600" })
{
    [Fact]
    public async Task ManySignInsFromOneAddress_429WithRetryAfter_OtherAddressesUnaffected()
    {
        var client = Factory.ClientFrom("203.0.113.10");
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++) responses.Add(await LoginClient.PostLoginAsync(client, $"nobody{i}@example.com", "wrong-password-1"));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Skip(5), r => Assert.True(r.IsTooMany(), $"got {r.StatusCode}"));

        var other = await LoginClient.PostLoginAsync(Factory.ClientFrom("203.0.113.11"), "compliance@demo.local", PortalFactory.Password);
        Assert.True(other.StatusCode == HttpStatusCode.Redirect, $"got {other.StatusCode}");
    }
}

public class SignInPerAccountLimitTests() : SignInAbuseTestBase(new() { ["SignIn:PerAccountPermits"] = "3", ["SignIn:WindowSeconds"] = "3600" })
{
    [Fact]
    public async Task OneAccountFromManyAddresses_429WithRetryAfter_OtherAccountsUnaffected()
    {
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
            statuses.Add(await LoginClient.PostLoginAsync(Factory.ClientFrom($"198.51.100.{i + 1}"), "Target@Example.com", "wrong-password-1"));
        Assert.Equal(3, statuses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(statuses.Skip(3), r => Assert.True(r.IsTooMany(), $"got {r.StatusCode}"));
        // The account key is the e-mail as typed, normalized: another spelling is the same account.
        Assert.True((await LoginClient.PostLoginAsync(Factory.ClientFrom("198.51.100.9"), "target@example.COM", "x-password-12")).IsTooMany());

        var other = await LoginClient.PostLoginAsync(Factory.ClientFrom("198.51.100.1"), "compliance@demo.local", PortalFactory.Password);
        Assert.True(other.StatusCode == HttpStatusCode.Redirect, $"got {other.StatusCode}");
    }
}

public class SignInLockoutAbuseTests() : SignInAbuseTestBase(new() { ["SignIn:FailuresPerAddressAndAccount"] = "3" })
{
    [Fact]
    public async Task StrangerAtOneAddress_CannotLockAnAccount_TheOwnerStillSignsIn()
    {
        var email = await NewUserAsync(Roles.RiskReviewer);
        var stranger = Factory.ClientFrom("192.0.2.66");
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++) responses.Add(await LoginClient.PostLoginAsync(stranger, email, "wrong-password-" + i));

        // The failure budget (3 per address and account, the default) is spent before the lockout threshold (5).
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Skip(3), r => Assert.True(r.IsTooMany(), $"got {r.StatusCode}"));
        var user = await UserAsync(email);
        Assert.Equal(3, user.AccessFailedCount);
        Assert.Null(user.LockoutEnd);

        var owner = await LoginClient.PostLoginAsync(Factory.ClientFrom("192.0.2.7"), email, PortalFactory.Password);
        Assert.True(owner.StatusCode == HttpStatusCode.Redirect, $"the owner could not sign in: {owner.StatusCode}");
    }

    [Fact]
    public async Task ManyAddresses_CanStillLock_AndTheLockedAnswerLooksLikeAnyOtherFailure()
    {
        var email = await NewUserAsync(Roles.SecurityReviewer);
        for (var i = 0; i < 5; i++)
            await LoginClient.PostLoginAsync(Factory.ClientFrom($"192.0.2.{100 + i}"), email, "wrong-password-" + i);
        Assert.True((await UserAsync(email)).LockoutEnd > DateTimeOffset.UtcNow);

        var locked = await LoginClient.PostLoginAsync(Factory.ClientFrom("192.0.2.200"), email, PortalFactory.Password);
        var unknown = await LoginClient.PostLoginAsync(Factory.ClientFrom("192.0.2.201"), "nobody-at-all@demo.local", PortalFactory.Password);
        var wrong = await LoginClient.PostLoginAsync(Factory.ClientFrom("192.0.2.202"), "compliance@demo.local", "wrong-password-9");
        foreach (var response in new[] { locked, unknown, wrong })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(Login.FailedMessage), await response.Content.ReadAsStringAsync());
        }
        await using var db = Factory.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "User.LockedOut" && a.EntityId == email));
    }
}

public class UnknownAccountAuditTests() : SignInAbuseTestBase([])
{
    [Fact]
    public async Task FailedSignInsForUnknownAccounts_OneAuditEntryPerAddressAndMinute_WithTheCount()
    {
        var client = Factory.ClientFrom("203.0.113.77");
        for (var i = 0; i < 12; i++) await LoginClient.PostLoginAsync(client, $"made-up-{i}@example.com", "wrong-password-1");
        await Factory.Services.GetRequiredService<UnknownAccountSignIns>().FlushAsync(all: true);

        await using var db = Factory.NewDb();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityId.StartsWith("made-up-")));
        var summaries = await db.AuditEntries.Where(a => a.Action == UnknownAccountSignIns.Action && a.EntityId == "203.0.113.77").ToListAsync();
        // One entry per minute: a single one, or two if the attempts straddled a minute boundary.
        Assert.InRange(summaries.Count, 1, 2);
        Assert.Equal(12, summaries.Sum(a => JsonDocument.Parse(a.After!).RootElement.GetProperty("Attempts").GetInt32()));
    }
}

/// <summary>Known and unknown accounts cost the same: each failed sign-in verifies exactly one password hash.</summary>
public class SignInCostTests : IAsyncLifetime
{
    private readonly CountingFactory factory = new();

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task UnknownLockedAndKnownAccounts_EachVerifyOnePasswordHash()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("risk2@demo.local"))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }
        var client = factory.ClientFrom("203.0.113.5");
        foreach (var email in new[] { "nobody-here@example.com", "risk2@demo.local", "compliance@demo.local" })
        {
            var before = CountingHasher.Verifications;
            await LoginClient.PostLoginAsync(client, email, "wrong-password-1");
            Assert.True(CountingHasher.Verifications - before == 1, $"{email}: {CountingHasher.Verifications - before} hash verifications");
        }
    }

    private sealed class CountingFactory : PortalFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddScoped<IPasswordHasher<ApplicationUser>, CountingHasher>());
        }
    }

    private sealed class CountingHasher(Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> options) : IPasswordHasher<ApplicationUser>
    {
        private static int verifications;
        public static int Verifications => Volatile.Read(ref verifications);
        private readonly PasswordHasher<ApplicationUser> inner = new(options);

        public string HashPassword(ApplicationUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
