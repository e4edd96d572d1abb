using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Evidence;

/// <summary>A compliance officer's job: see coverage, download the approved fraud-gbt pack, verify it; an altered copy fails.</summary>
public class EvidenceBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task Compliance_officer_sees_coverage_downloads_the_fraud_pack_verifies_it_and_an_altered_copy_fails()
    {
        Directory.CreateDirectory(Shots);
        await using var scope = browser.Services.CreateAsyncScope();
        var approved = (await scope.ServiceProvider.GetRequiredService<PromotionQueries>().ListAsync(PromotionStatus.Approved, pageSize: 200)).Items
            .Where(r => r.ModelName == "fraud-gbt" && r.Version == "4.3.0" && r.Stage == Stage.Staging).OrderByDescending(r => r.CreatedAt).First();

        var page = await browser.SignedInPageAsync("compliance@demo.local");
        await browser.GotoAsync(page, "/compliance?system=retail-credit-scoring");
        await Expect(page.Locator("#coverage-matrix")).ToContainTextAsync("Retail credit scoring", new() { Timeout = 60_000 });
        await Expect(page.Locator("#coverage-matrix tr[data-control='EUAIA-12']")).ToContainTextAsync("Satisfied");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "compliance.png"), FullPage = true });

        var annex = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#annex-iv-download"), new() { Timeout = 120_000 });
        Assert.EndsWith(".pdf", annex.SuggestedFilename);
        var annexBytes = await File.ReadAllBytesAsync((await annex.PathAsync())!);
        Assert.Equal("%PDF-"u8.ToArray(), annexBytes[..5]);
        using (var annexPdf = UglyToad.PdfPig.PdfDocument.Open(annexBytes))
        {
            var text = string.Join("\n", annexPdf.GetPages().Select(p => p.Text));
            Assert.Contains("Retail credit scoring", text);
            Assert.Contains("Annex IV", text);
        }

        await browser.GotoAsync(page, $"/promotions/{approved.Id}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#evidence-pack-download"), new() { Timeout = 120_000 });
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var path = Path.Combine(Shots, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "promotion-with-pack.png") });

        await browser.GotoAsync(page, "/evidence/verify");
        await page.Locator("#verify-file").SetInputFilesAsync(path);
        await Expect(page.Locator("#verify-result")).ToHaveAttributeAsync("data-issued", "true", new() { Timeout = 30_000 });
        await Expect(page.Locator("#verify-result")).ToContainTextAsync("EP-");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "verify-issued.png") });

        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 3] ^= 0x20;
        var altered = Path.Combine(Shots, "altered.pdf");
        await File.WriteAllBytesAsync(altered, bytes);
        await page.Locator("#verify-file").SetInputFilesAsync(altered);
        await Expect(page.Locator("#verify-result")).ToHaveAttributeAsync("data-issued", "false", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "verify-altered.png") });
    }
}
