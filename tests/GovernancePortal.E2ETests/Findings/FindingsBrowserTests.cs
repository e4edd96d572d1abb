using System.Net.Http.Headers;
using System.Net.Http.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Findings;

/// <summary>A deployment reported by a pipeline reaches an open dashboard as a critical finding, with nobody reloading.</summary>
public class FindingsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DeploymentWithAnUnapprovedDigest_AppearsOnTheOpenDashboard_AndTheBellRises_WithoutReload()
    {
        var page = await browser.SignedInPageAsync("platform@demo.local");
        var countBefore = int.Parse(await page.Locator("#findings-bell-count").TextContentAsync() ?? "0");
        await Expect(page.Locator("#dashboard-findings")).ToBeVisibleAsync();
        await Expect(page.Locator("#dashboard-findings")).Not.ToContainTextAsync("fraud-e2e-canary");

        using var scope = browser.Services.CreateScope();
        var token = (await scope.ServiceProvider.GetRequiredService<ServiceIdentityService>()
            .CreateAsync(Caller.System("e2e"), "e2e-deployer", GovernancePortal.Core.Seeding.DemoUsers.IdOf("platform@demo.local"), "", [Scopes.DeploymentsWrite])).Value!.Token;
        var sha = (await scope.ServiceProvider.GetRequiredService<ModelRegistryService>().FindVersionAsync("fraud-gbt", "4.3.0"))!.Sha256;
        using var api = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await api.PostAsJsonAsync("/api/v1/deployments", new
        {
            endpoint = "fraud-e2e-canary", environment = "Production", modelName = "fraud-gbt", version = "4.3.0", sha256 = sha, use = "card-fraud-detection",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        // No reload, no click: the register-changed signal reaches the engine, the engine's findings reach the circuit.
        await Expect(page.Locator("#dashboard-findings")).ToContainTextAsync("fraud-e2e-canary (Production)", new() { Timeout = 60_000 });
        await Expect(page.Locator("#findings-bell-count")).Not.ToHaveTextAsync(countBefore.ToString(), new() { Timeout = 60_000 });
        Assert.True(int.Parse(await page.Locator("#findings-bell-count").TextContentAsync() ?? "0") > countBefore);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "detect-dashboard.png"), FullPage = true });
    }
}
