using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Day;

/// <summary>
/// Screens from issue 13 as each demo user meets them: the review of a rejected request, the policies for a reviewer,
/// version comparison and training runs for a data scientist, recent activity in words, pass/fail in the lineage graph.
/// Set GP_SCREENSHOTS to a folder to keep a screenshot of each screen (light theme, 1440 px, one at 1024 px).
/// </summary>
public class DayBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task ShotAsync(IPage page, string name, int width = 1440)
    {
        if (Environment.GetEnvironmentVariable("GP_SCREENSHOTS") is not { Length: > 0 } dir) return;
        Directory.CreateDirectory(dir);
        await page.SetViewportSizeAsync(width, 900);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"{name}-{width}.png"), FullPage = true });
    }

    private async Task<Guid> RequestIdAsync(string model, string version, Stage stage)
    {
        await using var scope = browser.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PromotionQueries>().ListAsync(null, pageSize: 200)).Items
            .Where(r => r.ModelName == model && r.Version == version && r.Stage == stage && !r.IsImported).OrderByDescending(r => r.CreatedAt).First().Id;
    }

    [Fact]
    public async Task RiskOfficer_SeesTheRejectionInTheRiskSlot_AndOldAndNewSideBySide()
    {
        var page = await browser.SignedInPageAsync("risk@demo.local");
        await page.SetViewportSizeAsync(1440, 900);
        await browser.GotoAsync(page, $"/promotions/{await RequestIdAsync("credit-risk-xgb", "1.2.0", Stage.Production)}");

        await Expect(page.Locator(".approval-slot[data-role=Risk]")).ToContainTextAsync("rejected by risk@demo.local");
        await Expect(page.Locator("#compared-with")).ToContainTextAsync("v1.1.0");
        var bias = page.Locator("tr.diff-changed[data-aspect='Bias evaluation']");
        await Expect(bias.Locator(".diff-before")).ToHaveTextAsync("passed");
        await Expect(bias.Locator(".diff-after")).ToHaveTextAsync("failed");
        await ShotAsync(page, "review-rejected");

        await browser.GotoAsync(page, $"/promotions/{await RequestIdAsync("fraud-gbt", "4.3.0", Stage.Production)}");
        await Expect(page.Locator("#compared-with")).ToContainTextAsync("imported from change record CHG-2025-0588");
        await ShotAsync(page, "review-after-import");

        await browser.GotoAsync(page, "/promotions");
        await Expect(page.Locator(".returned-chip")).ToContainTextAsync("Returned to review");
        await ShotAsync(page, "promotions");
    }

    [Fact]
    public async Task Compliance_ReadsThePolicies()
    {
        var page = await browser.SignedInPageAsync("compliance@demo.local");
        await page.ClickAsync("a[href='/policies']");
        await Expect(page.Locator("#policies-read-only")).ToBeVisibleAsync();
        await Expect(page.Locator("#policy-save")).ToHaveCountAsync(0);
        await ShotAsync(page, "policies-compliance");
    }

    [Fact]
    public async Task Scientist_ComparesVersions_AndSeesWhatEachRunProduced()
    {
        Guid modelId;
        await using (var scope = browser.Services.CreateAsyncScope())
            modelId = (await scope.ServiceProvider.GetRequiredService<ModelRegistryService>().FindVersionAsync("credit-risk-xgb", "1.2.0"))!.ModelId;
        var page = await browser.SignedInPageAsync("scientist@demo.local");
        await browser.GotoAsync(page, $"/models/{modelId}");

        await Expect(page.Locator("#version-compare tr[data-metric='Bias · demographic_parity_difference'] td.eval-failed")).ToContainTextAsync("0.14");
        await page.Locator("#version-compare tr[data-metric='Performance · roc_auc']").ClickAsync();
        await Expect(page.Locator("#version-compare .compare-chart")).ToBeVisibleAsync();
        await ShotAsync(page, "model-compare");
        await ShotAsync(page, "model-compare", 1024);

        await browser.GotoAsync(page, "/runs");
        await Expect(page.Locator("a.produced-link", new() { HasText = "credit-risk-xgb v1.2.0" })).ToBeVisibleAsync();
        await ShotAsync(page, "runs");
    }

    [Fact]
    public async Task Dashboard_TellsRecentActivityInWords_AndTheGraphShowsTheFailedEvaluation()
    {
        var page = await browser.SignedInPageAsync("admin@demo.local");
        await Expect(page.Locator(".recent-activity a.activity-link").First).ToBeVisibleAsync();
        await Expect(page.Locator(".recent-activity")).Not.ToContainTextAsync("Finding 0");
        await ShotAsync(page, "dashboard-admin");

        Guid versionId;
        await using (var scope = browser.Services.CreateAsyncScope())
            versionId = (await scope.ServiceProvider.GetRequiredService<ModelRegistryService>().FindVersionAsync("credit-risk-xgb", "1.2.0"))!.Id;
        await browser.GotoAsync(page, $"/lineage/ModelVersion/{versionId}");
        var failed = page.Locator("g.node-Evaluation.failed");
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(failed).ToContainTextAsync("Bias · credit-risk-xgb v1.2.0");
        await ShotAsync(page, "lineage-failed-evaluation");
    }
}
