using System.Net;
using System.Text.RegularExpressions;
using System.Reflection;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Seeding;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>
/// Every page, for real demo entities, as every role and anonymously. A GET prerenders the page on the server
/// (the same component code the circuit runs), so a page that throws answers 5xx or stops mid-document here.
/// </summary>
public partial class EveryPageRendersTests(LogCapturingPortalFactory factory) : IClassFixture<LogCapturingPortalFactory>
{
    /// <summary>
    /// Text that only an exception puts on a page (developer exception page, stack frames, exception names, the page's own
    /// error answers of PageErrorBoundary, which a prerender must never show: ADR 0085).
    /// </summary>
    [GeneratedRegex(@"unhandled exception|\b\w+Exception\b|\bat GovernancePortal\.|\bat Microsoft\.|blazor-error-ui""[^>]*display:\s*block|data-testid=""(unexpected-error|database-unavailable|audit-chain-emptied)""", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorText();

    [GeneratedRegex(@"<!--Blazor-[A-Za-z-]*:.*?-->", RegexOptions.Singleline)]
    private static partial Regex StateComment();

    /// <summary>The layout rendered to its end: nothing but whitespace after &lt;/html&gt;.</summary>
    [GeneratedRegex(@"</html>\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CompleteDocument();

    public static TheoryData<string> Users()
    {
        var data = new TheoryData<string> { "" }; // anonymous
        foreach (var (email, _, _) in DemoUsers.All.DistinctBy(u => u.Role))
            data.Add(email);
        return data;
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task EveryPage_EveryRole_RendersWithoutServerError(string email)
    {
        var routes = await SampleRoutesAsync();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        if (email != "")
            Assert.True((await LoginClient.PostLoginAsync(client, email, PortalFactory.Password)).RedirectsTo("/"), $"{email} could not sign in");

        var failures = new List<string>();
        var rendered = 0;
        foreach (var route in routes)
        {
            using var response = await client.GetAsync(route.Path);
            // Blazor's persisted component state (a base64 comment) is data, not page text.
            var body = StateComment().Replace(await response.Content.ReadAsStringAsync(), "");
            var status = (int)response.StatusCode;
            if (status >= 500)
                failures.Add($"{route}: {status} {FirstLine(body)}");
            else if (response.StatusCode == HttpStatusCode.OK)
            {
                rendered++;
                if (ErrorText().Match(body) is { Success: true } m)
                    failures.Add($"{route}: error text '{m.Value}' near '{Around(body, m.Index)}'");
                else if (!CompleteDocument().IsMatch(body))
                    failures.Add($"{route}: the document stops before </html> (an exception while streaming)");
            }
            else if (status is not (302 or 404))
                failures.Add($"{route}: unexpected {status}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {routes.Count} pages failed for '{email}':\n" + string.Join("\n", failures));
        Assert.True(rendered > 0, "no page rendered at all");
    }

    [Fact]
    public async Task EveryPortalPage_Admin_RendersEveryPageItsPoliciesAllow_AndLogsNothing()
    {
        var routes = (await SampleRoutesAsync()).Where(r => !r.Path.StartsWith("/Account", StringComparison.Ordinal)).ToList();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.True((await LoginClient.PostLoginAsync(client, "admin@demo.local", PortalFactory.Password)).RedirectsTo("/"));
        factory.Log.Clear();
        var wrong = new List<string>();
        foreach (var route in routes)
        {
            using var response = await client.GetAsync(route.Path);
            // The admin holds every policy (ADR 0006) but not every role: requesting a promotion is a data scientist's
            // act. Pages the admin may not open must refuse politely; every other page must render a real entity.
            var allowed = AdminMayOpen(route.Page);
            if (allowed && response.StatusCode != HttpStatusCode.OK)
                wrong.Add($"{route.Path}: {(int)response.StatusCode} {response.Headers.Location}");
            if (!allowed && !response.RedirectsTo("/Account/AccessDenied"))
                wrong.Add($"{route.Path}: {(int)response.StatusCode} instead of the access-denied page");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // Quiet logs: rendering every page warns of nothing (EF's Skip/Take without OrderBy, first-without-filter, ...).
        var noise = factory.Log.Entries.Select(e => $"{e.Level} {e.Category}: {e.Message}").ToList();
        Assert.True(noise.Count == 0, "the server logged while rendering the pages:\n" + string.Join("\n", noise));
    }

    private static bool AdminMayOpen(Type page)
    {
        if (page.GetCustomAttribute<AllowAnonymousAttribute>() is not null) return true;
        return page.GetCustomAttributes<AuthorizeAttribute>().All(a =>
            (a.Policy is null || Policies.RolesByPolicy[a.Policy].Contains(Roles.Admin)) &&
            (a.Roles is null || a.Roles.Split(',').Select(r => r.Trim()).Contains(Roles.Admin)));
    }

    [Theory]
    [InlineData("/Account/LoginWith2fa")]
    [InlineData("/Account/LoginWithRecoveryCode")]
    public async Task SecondFactorPage_WithoutPendingSignIn_RedirectsToLogin(string route)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(route);
        Assert.True(response.RedirectsTo("/Account/Login"), $"{route} answered {(int)response.StatusCode} {response.Headers.Location}");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("Identity.StatusMessage=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/Account/Manage/GenerateRecoveryCodes")]
    [InlineData("/Account/Manage/Disable2fa")]
    public async Task TwoFactorOnlyPage_WithTwoFactorOff_RedirectsToTwoFactorSettings(string route)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.True((await LoginClient.PostLoginAsync(client, "scientist@demo.local", PortalFactory.Password)).RedirectsTo("/"));
        using var response = await client.GetAsync(route);
        Assert.True(response.RedirectsTo("/Account/Manage/TwoFactorAuthentication"), $"{route} answered {(int)response.StatusCode} {response.Headers.Location}");
    }

    [Fact]
    public async Task GenerateRecoveryCodes_PostWithTwoFactorOff_CreatesNoCodes()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.True((await LoginClient.PostLoginAsync(client, "platform@demo.local", PortalFactory.Password)).RedirectsTo("/"));
        // The antiforgery token belongs to the session, not the form: take it from another account form.
        var form = await client.GetStringAsync("/Account/Manage/ChangePassword");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        using var response = await client.PostAsync("/Account/Manage/GenerateRecoveryCodes", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "generate-recovery-codes", ["__RequestVerificationToken"] = token,
        }));
        Assert.True((int)response.StatusCode < 500);
        await using var db = factory.NewDb();
        var userId = db.Users.Single(u => u.Email == "platform@demo.local").Id;
        Assert.DoesNotContain(db.UserTokens, t => t.UserId == userId && t.Name == "RecoveryCodes");
    }

    private async Task<IReadOnlyList<PageRoutes.PageRoute>> SampleRoutesAsync()
    {
        factory.CreateClient(); // builds the host and seeds the demo
        await using var db = factory.NewDb();
        return await PageRoutes.ConcreteAsync(db);
    }

    private static string FirstLine(string body) => body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('<')) ?? "";

    private static string Around(string body, int index) => body.Substring(Math.Max(0, index - 80), Math.Min(160, body.Length - Math.Max(0, index - 80))).ReplaceLineEndings(" ");
}
