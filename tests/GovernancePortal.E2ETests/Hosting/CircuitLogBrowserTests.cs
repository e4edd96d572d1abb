using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Hosting;

/// <summary>
/// Closing a tab is normal: the server must not log it as a failure. Its own host, so that no other test's circuit
/// closes while this one waits for the dashboard's.
/// </summary>
public class CircuitLogBrowserTests(ShortRetentionFixture browser) : IClassFixture<ShortRetentionFixture>
{
    [Theory]
    [InlineData(true)]  // the tab navigates away: Blazor's beacon ends the circuit at once
    [InlineData(false)] // the tab is closed or the network drops: the circuit ends after the retention period
    public async Task DashboardTabClosed_ServerLogsNoCircuitError(bool graceful)
    {
        var page = await browser.SignedInPageAsync("admin@demo.local");
        await Expect(page.Locator(".count-chart").First).ToBeVisibleAsync();
        browser.Log.Clear();
        var closed = browser.Circuits.Closed;
        if (graceful) await page.GotoAsync("about:blank");
        else await page.Context.CloseAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (browser.Circuits.Closed == closed)
        {
            Assert.True(waited.Elapsed < BrowserFixture.Patience, "the server never closed the dashboard's circuit");
            await Task.Delay(100);
        }
        var errors = browser.Log.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning)
            .Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}

/// <summary>The portal with a short disconnected-circuit retention, so a dropped tab's circuit ends within seconds.</summary>
public sealed class ShortRetentionFixture : BrowserFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<CircuitOptions>(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(2));
}
