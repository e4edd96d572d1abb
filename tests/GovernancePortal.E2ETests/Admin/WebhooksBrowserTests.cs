using GovernancePortal.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Admin;

/// <summary>An admin configures a webhook from the keyboard: a refused address says why, the secret shows once, the log fills.</summary>
public class WebhooksBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_CreatesAWebhookFromTheKeyboard_SeesTheSecretOnce_AndTheDeliveryLog()
    {
        var page = await browser.SignedInPageAsync("admin@demo.local");
        await browser.GotoAsync(page, "/admin/webhooks");
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("Webhooks");

        // No webhook yet: the form is open. Name, Tab, a refused address, Enter.
        await page.Locator("#wh-name").FocusAsync();
        await page.Keyboard.TypeAsync("siem-alerts");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("http://siem.example.com/hook");
        await page.Keyboard.PressAsync("Enter");
        // The webhook form, not the account menu's sign-out form (always in the page since ADR 0066).
        await Expect(page.Locator("form").Filter(new() { Has = page.Locator("#wh-name") })).ToContainTextAsync("must use https", new() { Timeout = 30_000 });
        await Expect(page.Locator("#new-secret")).ToHaveCountAsync(0);

        // A loopback receiver nobody listens on (http is allowed there in Development): deliveries fail and are logged.
        await page.Locator("#wh-url").FillAsync("http://127.0.0.1:9/hook");
        await page.Locator("#wh-url").PressAsync("Tab");
        await page.Locator("#wh-create").ClickAsync();
        await Expect(page.Locator("#new-secret")).ToContainTextAsync("whsec_", new() { Timeout = 30_000 });
        await Expect(page.Locator("#webhooks")).ToContainTextAsync("siem-alerts");

        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        await Expect(page.GetByText("Test event queued for siem-alerts")).ToBeVisibleAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Delivery log" }).ClickAsync();
        for (var i = 0; i < 60 && !(await page.Locator("#webhook-log").TextContentAsync() ?? "").Contains("webhook.test"); i++)
        {
            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        await Expect(page.Locator("#webhook-log")).ToContainTextAsync("Connection failed");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "hooks-admin-webhooks.png"), FullPage = true });
    }
}
