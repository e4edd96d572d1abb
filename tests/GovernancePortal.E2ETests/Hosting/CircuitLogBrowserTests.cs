using GovernancePortal.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Hosting;

/// <summary>
/// Closing a tab is normal: the server must not log it as a failure. Its own host, so that no other test's circuit
/// closes while this one waits for the dashboard's.
/// </summary>
public class CircuitLogBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DashboardTabClosed_ServerLogsNoCircuitError()
    {
        var page = await browser.SignedInPageAsync("admin@demo.local");
        await Expect(page.Locator(".mud-chart").First).ToBeVisibleAsync();
        browser.Log.Clear();
        var closed = browser.Circuits.Closed;
        // Leaving the page disconnects its circuit (Blazor's beacon); the server then disposes every component.
        await page.GotoAsync("about:blank");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (browser.Circuits.Closed == closed)
        {
            Assert.True(waited.Elapsed < BrowserFixture.Patience, "the server never closed the dashboard's circuit");
            await Task.Delay(100);
        }
        var errors = browser.Log.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning)
            .Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
