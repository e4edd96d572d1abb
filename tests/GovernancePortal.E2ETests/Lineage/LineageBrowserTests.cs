using System.Text.RegularExpressions;
using GovernancePortal.Core.Data;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Lineage;

public class LineageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ModelVersionLineage_ClickDatasetRecentres_DoubleClickOpensIt()
    {
        Guid model, dataset;
        await using (var db = await browser.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
        {
            model = await db.ModelVersions.Where(v => v.Model!.Name == "credit-risk-xgb" && v.Version == "1.2.0").Select(v => v.Id).SingleAsync();
            dataset = await db.DatasetVersions.Where(v => v.Dataset!.Name == "credit/applications" && v.Version == "2025-Q2").Select(v => v.Id).SingleAsync();
        }
        var page = await browser.SignedInPageAsync("scientist@demo.local");

        await browser.GotoAsync(page, $"/lineage/ModelVersion/{model}");
        await Expect(page.Locator($".lineage-svg .node.root[data-id='{model}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#lineage-root")).ToHaveTextAsync("credit-risk-xgb v1.2.0");

        var datasetNode = page.Locator($".lineage-svg .node[data-id='{dataset}']");
        await datasetNode.ClickAsync();
        await Expect(page.Locator($".lineage-svg .node.root[data-id='{dataset}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#lineage-root")).ToHaveTextAsync("credit/applications @ 2025-Q2");
        await Expect(page).ToHaveURLAsync(new Regex($"/lineage/DatasetVersion/{dataset}"));
        // The view refits around the new centre after it renders; double-clicking before that would hit the old spot.
        await Expect(page.Locator($".lineage-svg[data-fitted-root='{dataset}']")).ToHaveCountAsync(1);

        await datasetNode.DblClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/dataset-versions/{dataset}$"));
        await Expect(page.Locator("#page-title")).ToContainTextAsync("credit/applications");
    }

    [Fact]
    public async Task Export_DownloadsASelfContainedSvgAndAPng()
    {
        Guid model;
        await using (var db = await browser.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
            model = await db.ModelVersions.Where(v => v.Model!.Name == "credit-risk-xgb" && v.Version == "1.2.0").Select(v => v.Id).SingleAsync();
        var page = await browser.SignedInPageAsync("compliance@demo.local");
        await browser.GotoAsync(page, $"/lineage/ModelVersion/{model}");
        await Expect(page.Locator($".lineage-svg .node.root[data-id='{model}']")).ToBeVisibleAsync();

        var svgDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#lineage-export-svg"));
        Assert.EndsWith(".svg", svgDownload.SuggestedFilename);
        var svg = await File.ReadAllTextAsync((await svgDownload.PathAsync())!);
        Assert.Contains("<svg", svg);
        Assert.Contains("<style", svg); // styles travel with the file, so it looks the same outside the portal
        Assert.Contains("credit-risk-xgb v1.2.0", svg);

        var pngDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#lineage-export-png"));
        var png = await File.ReadAllBytesAsync((await pngDownload.PathAsync())!);
        Assert.True(png.Length > 1000, $"PNG of {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    [Fact]
    public async Task DetailPage_LineageTab_ShowsTheGraphAtDepthTwo()
    {
        Guid model;
        await using (var db = await browser.Services.GetRequiredService<IDbContextFactory<GovernanceDbContext>>().CreateDbContextAsync())
            model = await db.ModelVersions.Where(v => v.Model!.Name == "credit-risk-xgb" && v.Version == "1.2.0").Select(v => v.Id).SingleAsync();
        var page = await browser.SignedInPageAsync("scientist@demo.local");

        await browser.GotoAsync(page, $"/model-versions/{model}");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Lineage graph" }).ClickAsync();

        await Expect(page.Locator($".lineage-svg .node.root[data-id='{model}']")).ToBeVisibleAsync();
        await Expect(page.Locator(".lineage-svg .node-DatasetVersion")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator(".lineage-svg .node-Endpoint")).Not.ToHaveCountAsync(0);
    }
}
