using GovernancePortal.E2ETests.Infrastructure;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Hosting;

/// <summary>
/// Two portal processes on two loopback ports against one PostgreSQL database (ADR 0043): a reviewer signs on one,
/// and a browser connected to the other sees its inbox badge change without a reload (LISTEN/NOTIFY fan-out), with
/// the sign-in cookie of each instance its own. Needs GP_TEST_PG: skipped without it on a developer's machine, failed
/// without it under CI.
/// </summary>
[Trait("Provider", PostgresServer.PostgresOnly)]
public class TwoInstancesBrowserTests
{
    [SkippableFact]
    public async Task ReviewerSignsOnOneInstance_InboxBadgeOnTheOtherChangesWithoutReload()
    {
        await using var db = await PostgresServer.EmptyDatabaseAsync();
        // One after the other: the first migrates and seeds the demo, the second finds it done.
        await using var a = await PortalProcess.StartAsync("Postgres", db.ConnectionString);
        await using var b = await PortalProcess.StartAsync("Postgres", db.ConnectionString);

        Assertions.SetDefaultExpectTimeout((float)BrowserFixture.Patience.TotalMilliseconds);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFixture.ChromiumPath, Headless = true,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--no-sandbox"],
        });

        var watcher = await b.SignInAsync(browser, "security@demo.local");
        await watcher.GotoAsync(b.BaseUrl + "/inbox");
        await BrowserFixture.WaitInteractiveAsync(watcher);
        var badge = watcher.Locator("#inbox-badge");
        await Expect(badge).ToBeVisibleAsync();
        var before = int.Parse(await badge.InnerTextAsync());

        var reviewer = await a.SignInAsync(browser, "security@demo.local");
        await reviewer.GotoAsync(a.BaseUrl + "/inbox");
        await BrowserFixture.WaitInteractiveAsync(reviewer);
        await reviewer.Locator(".promotion-link", new() { HasText = "fraud-gbt" }).First.ClickAsync();
        await BrowserFixture.WaitInteractiveAsync(reviewer);
        await reviewer.Locator("#sign-panel input[type=password]").FillAsync(BrowserFixture.Password);
        await reviewer.ClickAsync("#approve-button");
        await Expect(reviewer.Locator(".approval-slot[data-role=Security]")).ToContainTextAsync("signed by security@demo.local");

        // No reload on B: the event crossed from A through PostgreSQL.
        if (before > 1) await Expect(badge).ToHaveTextAsync((before - 1).ToString());
        else await Expect(badge).ToHaveCountAsync(0);
        await watcher.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "gp-two-instances-inbox.png") });
        Assert.DoesNotContain("fraud-gbt", await watcher.Locator(".promotions-table").InnerTextAsync());
    }
}
