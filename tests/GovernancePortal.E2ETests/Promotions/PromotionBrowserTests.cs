using System.Text.RegularExpressions;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Promotions;

/// <summary>A risk officer's whole job in the browser: a request arrives live, three reviewers co-sign with step-up, the model moves.</summary>
public class PromotionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ScientistRequests_ThreeReviewersCoSign_ModelReachesProduction_AndAnotherInboxUpdatesLive()
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var versionId = (await scope.ServiceProvider.GetRequiredService<ModelRegistryService>().FindVersionAsync("marketing-propensity", "2.2.0"))!.Id;

        // A second reviewer keeps the inbox open the whole time.
        var watcher = await browser.SignedInPageAsync("risk2@demo.local");
        await browser.GotoAsync(watcher, "/inbox");
        var badge = watcher.Locator("#inbox-badge");
        var before = await badge.CountAsync() == 0 ? 0 : int.Parse(await badge.InnerTextAsync());

        var scientist = await browser.SignedInPageAsync("scientist@demo.local");
        await browser.GotoAsync(scientist, $"/promotions/new?version={versionId}");
        await Expect(scientist.Locator("#gates-verdict")).ToHaveTextAsync("All gates pass");
        await scientist.Locator("#promotion-justification").FillAsync("AUC 0.77 vs 0.74 on the March campaign; fairness unchanged. Rollout: next weekly batch, rollback by re-pointing the batch job.");
        await scientist.ClickAsync("#promotion-submit");
        await Expect(scientist).ToHaveURLAsync(new Regex("/promotions/[0-9a-f-]{36}$"));
        var requestUrl = new Uri(scientist.Url).AbsolutePath;

        // No reload: the watcher's badge and list change on their own.
        await Expect(badge).ToHaveTextAsync((before + 1).ToString());
        await Expect(watcher.Locator(".promotions-table")).ToContainTextAsync("marketing-propensity");

        foreach (var (email, role) in new[] { ("platform@demo.local", "Platform"), ("security@demo.local", "Security"), ("risk@demo.local", "Risk") })
        {
            var reviewer = await browser.SignedInPageAsync(email);
            await browser.GotoAsync(reviewer, requestUrl);
            await Expect(reviewer.Locator("#approve-button")).ToContainTextAsync($"Approve as {role}");
            await reviewer.Locator("#sign-panel input[type=password]").FillAsync(BrowserFixture.Password);
            await reviewer.ClickAsync("#approve-button");
            await Expect(reviewer.Locator($".approval-slot[data-role={role}]")).ToContainTextAsync($"signed by {email}");
            await reviewer.Context.CloseAsync();
        }

        await Expect(scientist.Locator("#approved-note")).ToContainTextAsync("in Production for Marketing propensity");
        await Expect(badge).ToHaveTextAsync(before.ToString());
        await browser.GotoAsync(scientist, $"/model-versions/{versionId}");
        await Expect(scientist.Locator(".page-header .stage-Production")).ToContainTextAsync("Production · Marketing propensity");
    }

    [Fact]
    public async Task WrongPassword_IsRefusedInTheForm_AndNothingIsSigned()
    {
        var page = await browser.SignedInPageAsync("security@demo.local");
        await browser.GotoAsync(page, "/inbox");
        await page.Locator(".promotion-link", new() { HasText = "fraud-gbt" }).First.ClickAsync();
        await BrowserFixture.WaitInteractiveAsync(page);
        await page.Locator("#sign-panel input[type=password]").FillAsync("not-the-password");
        await page.ClickAsync("#approve-button");
        await Expect(page.Locator("#sign-panel [role=alert]")).ToContainTextAsync("password is not correct");
        await Expect(page.Locator(".approval-slot[data-role=Security]")).ToContainTextAsync("waiting");
    }
}
