using System.Text.RegularExpressions;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Cards;

public class CardBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Scientist_EditsASection_SeesPreview_SubmitsAndTheHashIsPublished()
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var id = (await scope.ServiceProvider.GetRequiredService<ModelRegistryService>().FindVersionAsync("credit-risk-lgbm", "0.9.0"))!.Id;
        var page = await browser.SignedInPageAsync("scientist@demo.local");

        await browser.GotoAsync(page, $"/model-versions/{id}");
        await page.ClickAsync("#ai-card-link");
        await Expect(page).ToHaveURLAsync(new Regex("/card$"));
        await Expect(page.Locator("#card-status")).ToContainTextAsync("Draft revision");
        await Expect(page.Locator("#completeness-missing")).ToContainTextAsync("Out-of-scope uses");

        await browser.GotoAsync(page, $"/model-versions/{id}/card/edit");
        await page.ClickAsync("#nav-out-of-scope-uses");
        await page.FillAsync("#section-text", "- **Never** used for marketing.");
        await Expect(page.Locator("#section-preview strong")).ToHaveTextAsync("Never");
        await Expect(page.Locator("#save-state")).ToContainTextAsync("Saved revision 3");

        await page.ClickAsync("#submit-review");
        var sha = page.Locator("#published-sha");
        await Expect(sha).ToHaveTextAsync(new Regex("^[0-9a-f]{64}$"));
        var hash = await sha.TextContentAsync();

        await browser.GotoAsync(page, $"/model-versions/{id}/card");
        await Expect(page.Locator("#card-status")).ToHaveTextAsync("Published revision 3");
        await Expect(page.Locator("#card-sha")).ToHaveTextAsync(hash!);
        await Expect(page.Locator("#section-out-of-scope-uses")).ToContainTextAsync("used for marketing");
    }
}
