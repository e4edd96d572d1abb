using System.Net;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Identity;

public class SignInTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task Login_CorrectPassword_SignsInAndAudits()
    {
        var client = NewClient();
        var response = await LoginClient.PostLoginAsync(client, "compliance@demo.local", PortalFactory.Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {response.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/audit")).StatusCode);
        await using var db = factory.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "User.SignedIn" && a.Actor == "compliance@demo.local"));
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccountEvenForTheRightPassword()
    {
        // From five addresses: one address alone is stopped before the lockout threshold (SignInAbuseTests).
        for (var i = 0; i < 5; i++)
            await LoginClient.PostLoginAsync(factory.ClientFrom($"192.0.2.{i + 1}"), "risk2@demo.local", "wrong-password-" + i);

        var response = await LoginClient.PostLoginAsync(factory.ClientFrom("192.0.2.50"), "risk2@demo.local", PortalFactory.Password);

        // Locked, but answered like any failed sign-in: no redirect that would tell a stranger the account exists and is locked.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(GovernancePortal.Web.Components.Account.Pages.Login.FailedMessage), await response.Content.ReadAsStringAsync());
        await using var db = factory.NewDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "User.LockedOut" && a.EntityId == "risk2@demo.local"));
        Assert.Equal(4, await db.AuditEntries.CountAsync(a => a.Action == "User.SignInFailed" && a.EntityId == "risk2@demo.local" && a.Actor == "sign-in"));
    }

    [Fact]
    public async Task Page_SignedInWithoutRequiredPolicy_IsDenied()
    {
        var client = NewClient();
        await LoginClient.PostLoginAsync(client, "scientist2@demo.local", PortalFactory.Password);
        var response = await client.GetAsync("/admin/users");
        Assert.True(response.RedirectsTo("Account/AccessDenied"), $"got {response.StatusCode} {response.Headers.Location}");
    }
}
