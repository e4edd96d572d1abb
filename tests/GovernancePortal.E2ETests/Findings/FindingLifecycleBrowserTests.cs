using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Findings;

/// <summary>A person moves a finding through its lifecycle from its detail page; the history shows every step.</summary>
public class FindingLifecycleBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AcknowledgeThenResolve_FromTheDetailPage_HistoryShowsBoth()
    {
        using var scope = browser.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<FindingsEngine>().EvaluateAllAsync("e2e");
        var finding = (await scope.ServiceProvider.GetRequiredService<FindingsService>()
            .ListAsync(new(FindingSignal.InconsistentLineage, Status: FindingStatus.Open), 0, 1)).Items.Single();

        var page = await browser.SignedInPageAsync("scientist@demo.local");
        await browser.GotoAsync(page, $"/findings/{finding.Id}");
        await Expect(page.Locator("#finding-explanation")).ToContainTextAsync(finding.Message);
        await Expect(page.Locator(".history-event")).ToHaveCountAsync(1);

        await page.ClickAsync("#act-acknowledge");
        await page.Locator("#finding-action-dialog textarea").FillAsync("Asked the pipeline team to link the run");
        await page.ClickAsync("#finding-action-submit");
        await Expect(page.Locator("#finding-status")).ToHaveTextAsync("Acknowledged");

        await page.ClickAsync("#act-resolve");
        await page.Locator("#finding-action-dialog textarea").FillAsync("Run linked in the register");
        await page.ClickAsync("#finding-action-submit");
        await Expect(page.Locator(".history-event")).ToHaveCountAsync(3);

        var history = page.Locator(".history-event");
        await Expect(history.Nth(1)).ToContainTextAsync("Acknowledged");
        await Expect(history.Nth(1)).ToContainTextAsync("Asked the pipeline team to link the run");
        await Expect(history.Nth(2)).ToContainTextAsync("Resolved");
        await Expect(history.Nth(2)).ToContainTextAsync("Run linked in the register");
        await Expect(history.Nth(2)).ToContainTextAsync("scientist@demo.local");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "detect2-finding-detail.png"), FullPage = true });
    }
}
