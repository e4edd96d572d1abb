using GovernancePortal.Core.Data;
using GovernancePortal.E2ETests.Infrastructure;
using GovernancePortal.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Hosting;

/// <summary>
/// Every page in a real browser, interactive: the Content-Security-Policy holds (no violation reported), no page
/// shows the Blazor error UI, the server logs no error, and the API reference loads nothing from another host.
/// </summary>
public class PagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Blazor's bar (an exception outside the page) and the page's own answers to one (PageErrorBoundary, ADR 0085).</summary>
    private static readonly string[] ErrorUis = ["#blazor-error-ui", "[data-testid=unexpected-error]", "[data-testid=database-unavailable]", "[data-testid=audit-chain-emptied]"];

    /// <summary>Screenshots to look at (bin/.../screens); the tests assert, the pictures are for people.</summary>
    private static readonly string Screens = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screens")).FullName;

    [Theory]
    [InlineData("admin@demo.local")]
    [InlineData("risk@demo.local")]
    public async Task EveryNavigationPage_ReportsNoCspViolation(string email)
    {
        CspWatch csp = null!;
        var page = await browser.SignedInPageAsync(email, async c => csp = await CspWatch.AttachAsync(c));
        var links = await page.EvalOnSelectorAllAsync<string[]>(".mud-navmenu a[href]", "as => as.map(a => a.getAttribute('href'))");
        Assert.Contains("/promotions", links);

        var violations = new List<string>(await csp.ViolationsAsync(page));
        foreach (var link in links.Distinct())
        {
            if (link == "/api/reference")
                await OpenApiReferenceAsync(page);
            else
            {
                await browser.GotoAsync(page, link);
                foreach (var ui in ErrorUis) await Expect(page.Locator(ui)).ToBeHiddenAsync();
            }
            violations.AddRange(await csp.ViolationsAsync(page));
        }
        Assert.True(violations.Count == 0, "CSP violations:\n" + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public async Task EveryRoute_Admin_RendersInteractively_WithoutErrorOrCspViolation()
    {
        IReadOnlyList<PageRoutes.PageRoute> routes;
        await using (var db = await browser.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
            routes = await PageRoutes.ConcreteAsync(db, perType: 1, everyVersionAndRequest: false); // every template once: the HTTP suite covers every entity and role
        CspWatch csp = null!;
        var page = await browser.SignedInPageAsync("admin@demo.local", async c => csp = await CspWatch.AttachAsync(c));
        browser.Log.Clear();

        var failures = new List<string>();
        foreach (var route in routes)
        {
            var response = await page.GotoAsync(browser.BaseUrl + route.Path);
            if (response is { Status: >= 500 }) { failures.Add($"{route}: {response.Status}"); continue; }
            // Account pages are static (they set cookies); every other page must come alive.
            if (!page.Url.Contains("/Account/", StringComparison.Ordinal))
            {
                try { await BrowserFixture.WaitInteractiveAsync(page); }
                catch (TimeoutException) { failures.Add($"{route}: never became interactive ({page.Url})"); continue; }
            }
            foreach (var ui in ErrorUis)
                if (await page.Locator(ui).IsVisibleAsync()) failures.Add($"{route}: an error is shown ({await page.Locator(ui).TextContentAsync()})");
            failures.AddRange(await csp.ViolationsAsync(page));
        }
        await page.GotoAsync("about:blank");
        var errors = browser.Log.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error)
            .Select(e => $"server {e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}");
        failures.AddRange(errors);
        Assert.True(failures.Count == 0, $"{routes.Count} routes:\n" + string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public async Task ApiReference_LoadsNothingFromOtherHosts_OffersNoAi_AndLinksHome()
    {
        var context = await browser.NewContextAsync();
        var csp = await CspWatch.AttachAsync(context);
        var page = await context.NewPageAsync();
        var outside = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(browser.BaseUrl, StringComparison.Ordinal) && !r.Url.StartsWith("data:") && !r.Url.StartsWith("blob:"))
                outside.Add(r.Url);
        };
        await OpenApiReferenceAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screens, "api-reference.png") });

        Assert.Empty(outside);
        Assert.Empty(await csp.ViolationsAsync(page));
        await Expect(page.GetByText("Ask AI")).ToHaveCountAsync(0);
        await page.ClickAsync("#gp-home-link");
        // Anonymous: home is the sign-in page; signed in it is the dashboard.
        await page.WaitForURLAsync(u => u.StartsWith(browser.BaseUrl + "/Account/Login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PromotionsPage_StatusChips_AreCompactAndInReadingOrder()
    {
        var page = await browser.SignedInPageAsync("risk@demo.local");
        await browser.GotoAsync(page, "/promotions");
        var chips = page.Locator("#promotion-status-filter .mud-chip");
        string[] expected = ["All", .. Enum.GetNames<GovernancePortal.Core.Features.Promotions.PromotionStatus>()];
        await Expect(chips).ToHaveCountAsync(expected.Length);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screens, "promotions-chips.png") });

        var boxes = new List<(string Text, LocatorBoundingBoxResult Box)>();
        for (var i = 0; i < expected.Length; i++)
            boxes.Add(((await chips.Nth(i).InnerTextAsync()).Trim(), (await chips.Nth(i).BoundingBoxAsync())!));
        Assert.Equal(expected, boxes.Select(b => b.Text));
        // Reading order on screen too (left to right on one row at 1400 px), and chips, not full-width bars.
        Assert.All(boxes.Zip(boxes.Skip(1)), p => Assert.True(p.Second.Box.X > p.First.Box.X, $"{p.Second.Text} is not right of {p.First.Text}"));
        Assert.All(boxes, b => Assert.True(b.Box.Width < 200, $"{b.Text} is {b.Box.Width} px wide"));
        Assert.True(boxes.Max(b => b.Box.Y) - boxes.Min(b => b.Box.Y) < 4, "the chips wrap onto several rows");
        // The table follows right under the chips.
        var table = (await page.Locator(".promotions-table").BoundingBoxAsync())!;
        Assert.True(table.Y - (boxes[0].Box.Y + boxes[0].Box.Height) < 80, $"the table starts {table.Y - boxes[0].Box.Y} px below the chips");
    }

    [Fact]
    public async Task ReviewPage_EmbeddedLineage_FitsItsPanel()
    {
        List<Guid> requests;
        await using (var db = await browser.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
            requests = await db.PromotionRequests.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
        Assert.NotEmpty(requests);
        var page = await browser.SignedInPageAsync("risk@demo.local");
        foreach (var id in requests)
        {
            await browser.GotoAsync(page, $"/promotions/{id}");
            var svg = page.Locator(".lineage-explorer .lineage-svg");
            await Expect(svg.Locator(".node").First).ToBeVisibleAsync();
            // Every node inside the drawing's box (fit is applied after the first render, so wait for it).
            await page.WaitForFunctionAsync("""
                () => {
                  const svg = document.querySelector('.lineage-explorer .lineage-svg');
                  const r = svg.getBoundingClientRect();
                  const nodes = [...svg.querySelectorAll('.node')];
                  return nodes.length > 0 && nodes.every(n => { const b = n.getBoundingClientRect();
                    return b.left >= r.left - 1 && b.right <= r.right + 1 && b.top >= r.top - 1 && b.bottom <= r.bottom + 1; });
                }
                """);
            await svg.ScrollIntoViewIfNeededAsync();
            await svg.ScreenshotAsync(new() { Path = Path.Combine(Screens, $"review-lineage-{requests.IndexOf(id)}.png") });
        }
    }

    private async Task OpenApiReferenceAsync(IPage page)
    {
        await page.GotoAsync(browser.BaseUrl + "/api/reference");
        await Expect(page.Locator("#gp-home-link")).ToBeVisibleAsync();
        // Scalar has drawn the document (it fetches /openapi/v1.json first).
        await Expect(page.GetByText("GovernancePortal API").First).ToBeVisibleAsync();
    }
}
