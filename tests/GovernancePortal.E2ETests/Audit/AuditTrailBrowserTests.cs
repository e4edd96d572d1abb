using GovernancePortal.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Audit;

/// <summary>A compliance officer narrows the trail to one model and downloads what they see for the auditors.</summary>
public class AuditTrailBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Conditions, not fixed waits: generous so a busy shared 2-core machine does not fail the journey.</summary>
    private const float Patience = 120_000;

    [Fact]
    public async Task Compliance_FiltersByEntityName_SeesNamesAndWords_AndDownloadsTheFilteredCsv()
    {
        var page = await browser.SignedInPageAsync("compliance@demo.local");
        // Wait on conditions, with room for a busy 2-core machine (the fixture's 15 s default is the known flake of issue 13).
        page.SetDefaultTimeout(120_000);
        try { await browser.GotoAsync(page, "/audit"); }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "gp-screens", "audit-trail-timeout.png") });
            throw;
        }

        await page.Locator("#entity-name-filter").FillAsync("fraud-gbt");
        await Expect(page.Locator(".audit-entity-name").First).ToContainTextAsync("fraud-gbt", new() { Timeout = Patience });
        await Expect(page.Locator(".audit-action").First).Not.ToContainTextAsync(".", new() { Timeout = Patience });
        await Expect(page.Locator("#export-csv")).ToHaveAttributeAsync("href", "/audit/export.csv?entityName=fraud-gbt", new() { Timeout = Patience });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "gp-screens", "audit-trail.png"), FullPage = false });

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-csv").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), "gp-screens", download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.StartsWith("Sequence,Time (UTC),Actor", lines[0].TrimStart('\uFEFF'));
        Assert.True(lines.Length > 2);
        Assert.All(lines.Skip(1).Where(l => l.Length > 0 && char.IsDigit(l[0])), l => Assert.Contains("fraud-gbt", l));
    }
}
