using GovernancePortal.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Hosting;

/// <summary>
/// The account menu as a native disclosure (ADR 0066): opens from the keyboard, closes on Escape (focus back on its
/// button) and on a click elsewhere, and still signs out.
/// </summary>
public class UserMenuBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Menu_OpensByKeyboard_ClosesOnEscapeAndOutsideClick_AndSignsOut()
    {
        var page = await browser.SignedInPageAsync("risk@demo.local");
        var button = page.Locator("details.user-menu > summary");
        var panel = page.Locator("details.user-menu .user-menu-list");
        await Expect(button).ToHaveAttributeAsync("aria-label", "Account menu");
        await Expect(button).ToContainTextAsync("risk@demo.local");
        await Expect(panel).ToBeHiddenAsync();

        await button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel).ToContainTextAsync("Risk reviewer");
        await Expect(panel.Locator("a[href='Account/Manage']")).ToHaveTextAsync("Your account");
        await page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToBeHiddenAsync();
        await Expect(button).ToBeFocusedAsync();

        await button.ClickAsync();
        await Expect(panel).ToBeVisibleAsync();
        await page.Locator("h4#page-title").ClickAsync();
        await Expect(panel).ToBeHiddenAsync();

        await button.ClickAsync();
        await panel.Locator("button[type=submit]", new() { HasText = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/Account/Login", StringComparison.Ordinal));
    }
}
