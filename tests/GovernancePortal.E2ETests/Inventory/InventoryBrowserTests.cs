using System.Text.RegularExpressions;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Inventory;

public class InventoryBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Scientist_LogsIn_PagesFiltersAndOpensAModelVersion()
    {
        var page = await browser.SignedInPageAsync("scientist@demo.local");
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("Dashboard");

        await page.ClickAsync("text=Models");
        await Expect(page).ToHaveURLAsync(new Regex("/inventory$"));
        var grid = page.Locator(".inventory-grid");
        await Expect(grid).ToContainTextAsync("1-25 of 44");

        await page.GetByLabel("Next page").ClickAsync();
        await Expect(grid).ToContainTextAsync("26-44 of 44");

        await page.FillAsync("#inventory-search", "fraud");
        await Expect(grid).ToContainTextAsync("1-3 of 3");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(3);

        await grid.Locator("a", new() { HasText = "fraud-gbt" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/model-versions/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#page-title")).ToContainTextAsync("fraud-gbt");
        await Expect(page.Locator(".kv-grid")).ToContainTextAsync("SHA-256");
        await Expect(page.GetByText("Performance").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ComplianceOfficer_SeesNoRegisterButton_AndVerifiesTheAuditChain()
    {
        var page = await browser.SignedInPageAsync("compliance@demo.local");
        await browser.GotoAsync(page, "/inventory");
        await Expect(page.Locator(".inventory-grid")).ToContainTextAsync("of 44");
        await Expect(page.GetByText("Register model version")).ToHaveCountAsync(0);

        await browser.GotoAsync(page, "/audit");
        await page.ClickAsync("#verify-chain");
        await Expect(page.Locator("#verify-result")).ToContainTextAsync("Chain intact");
    }
}
