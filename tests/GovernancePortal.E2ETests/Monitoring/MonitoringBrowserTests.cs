using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Monitoring;

/// <summary>The demo's story on screen: the fraud model's production scores drifted after the card-present change.</summary>
public class MonitoringBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<(Guid Endpoint, Guid Version)> FraudAsync()
    {
        using var scope = browser.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync();
        var endpoint = await db.ServingEndpoints.Where(e => e.Name == "fraud-scoring" && e.Environment == DeploymentEnvironment.Production).Select(e => e.Id).SingleAsync();
        var version = await db.ModelVersions.Where(v => v.Model!.Name == "fraud-gbt" && v.Version == "4.3.0").Select(v => v.Id).SingleAsync();
        return (endpoint, version);
    }

    [Fact]
    public async Task DemoDrift_ShowsOnTheDashboard_TheMonitoringPage_AndTheVersionPage()
    {
        var (endpoint, version) = await FraudAsync();
        var page = await browser.SignedInPageAsync("risk@demo.local");
        // The engine raises the finding in the background after seeding: wait on it, never a fixed sleep.
        await Expect(page.Locator("#dashboard-production-divergence")).ToContainTextAsync("fraud-scoring (Production)", new() { Timeout = 60_000 });
        await Expect(page.Locator("#dashboard-production-divergence")).ToContainTextAsync("score");

        await page.GotoAsync($"{browser.BaseUrl}/endpoints/{endpoint}");
        await page.Locator("#monitoring-link").ClickAsync();
        await Expect(page.Locator("#monitoring-verdict")).ToContainTextAsync("diverging from staging: score", new() { Timeout = 30_000 });
        var score = page.Locator("#verdicts tr[data-feature='score']");
        await Expect(score).ToContainTextAsync("drift");
        await Expect(score).Not.ToContainTextAsync("no drift");
        await Expect(page.Locator("#verdicts tr[data-feature='amount']")).ToContainTextAsync("no drift");
        await Expect(page.Locator("[data-testid='dist-score'] rect.window-bar").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='drift-score'] polyline").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='metric-latency_ms']")).ToContainTextAsync("latency_ms");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "observe-monitoring.png"), FullPage = true });

        await page.GotoAsync($"{browser.BaseUrl}/model-versions/{version}");
        await Expect(page.Locator("#production-health")).ToContainTextAsync("fraud-scoring: diverging from staging", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "observe-version-health.png") });
    }
}
