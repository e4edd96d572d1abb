using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Hosting;

/// <summary>
/// Light and dark theme without a per-circuit theme provider (ADR 0065): both palettes' variables come with the static
/// page, theme.js picks one from the saved choice or the system's, and the app bar's toggle switches and remembers it.
/// </summary>
public class ThemeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // PortalTheme's primaries as MudBlazor writes them.
    private const string LightPrimary = "rgba(57,73,171,1)", DarkPrimary = "rgba(121,134,203,1)";

    private static Task<string> PrimaryAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary').trim()");

    [Fact]
    public async Task Toggle_SwitchesThePalette_ByKeyboard_AndTheChoiceOutlivesReloadAndNavigation()
    {
        CspWatch csp = null!;
        // A fresh context has no saved choice: the system's (light) applies.
        var page = await browser.SignedInPageAsync("risk@demo.local", async c => csp = await CspWatch.AttachAsync(c));
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await browser.GotoAsync(page, "/");
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal(LightPrimary, await PrimaryAsync(page));
        var toDark = page.Locator("button.theme-to-dark");
        var toLight = page.Locator("button.theme-to-light");
        await Expect(toDark).ToBeVisibleAsync();
        await Expect(toLight).ToBeHiddenAsync();
        await Expect(toDark).ToHaveAttributeAsync("aria-label", "Toggle dark theme");

        await toDark.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal(DarkPrimary, await PrimaryAsync(page));
        await Expect(toLight).ToBeVisibleAsync();
        await Expect(toDark).ToBeHiddenAsync();
        await Expect(toLight).ToBeFocusedAsync(); // the keyboard stays on the toggle
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => localStorage.getItem('gp-theme')"));

        // The saved choice survives a reload ...
        await page.ReloadAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        // ... and an in-circuit navigation (the layout re-renders) keeps it.
        await page.ClickAsync("a[href='/findings']");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/findings$"));
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal(DarkPrimary, await PrimaryAsync(page));

        await page.ClickAsync("button.theme-to-light");
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal(LightPrimary, await PrimaryAsync(page));
        Assert.Empty(await csp.ViolationsAsync(page));
    }

    [Fact]
    public async Task WithoutASavedChoice_TheSystemsDarkModeApplies()
    {
        var page = await browser.SignedInPageAsync("risk@demo.local");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await browser.GotoAsync(page, "/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal(DarkPrimary, await PrimaryAsync(page));
        await Expect(page.Locator("button.theme-to-light")).ToBeVisibleAsync();
    }
}
