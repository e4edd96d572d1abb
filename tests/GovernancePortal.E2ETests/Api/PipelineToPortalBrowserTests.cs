using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Api;

/// <summary>A pipeline with only a token registers lineage over HTTP; a person then sees it in the portal.</summary>
public class PipelineToPortalBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TokenRegisteredLineage_IsVisibleOnTheModelVersionPage()
    {
        var token = (await browser.Services.CreateScope().ServiceProvider.GetRequiredService<ServiceIdentityService>()
            .CreateAsync(Caller.System("e2e"), "e2e-pipeline", GovernancePortal.Core.Seeding.DemoUsers.IdOf("platform@demo.local"), "", [Scopes.LineageWrite, Scopes.ModelsWrite, Scopes.Read])).Value!.Token;
        using var api = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var runId = Guid.NewGuid();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("e2e-model"u8.ToArray()));
        var body = """
            {"eventType":"COMPLETE","eventTime":"TIME","run":{"runId":"RUN"},
             "job":{"namespace":"airflow","name":"train_e2e"},
             "inputs":[{"namespace":"s3://lake","name":"e2e/features","facets":{"version":{"datasetVersion":"7"}}}],
             "outputs":[{"namespace":"s3://models","name":"e2e-model","facets":{"governancePortal_model":{"sha256":"SHA","version":"1.0.0","framework":"onnx"}}}]}
            """.Replace("TIME", DateTime.UtcNow.ToString("O")).Replace("RUN", runId.ToString()).Replace("SHA", sha);
        var response = await api.PostAsync("/api/v1/lineage", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var version = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/models/e2e-model/versions/1.0.0");
        var versionId = version.GetProperty("id").GetGuid();

        var page = await browser.SignedInPageAsync("risk@demo.local");
        await browser.GotoAsync(page, $"/model-versions/{versionId}");
        await Expect(page.Locator("#page-title")).ToContainTextAsync("e2e-model");
        await Expect(page.Locator(".kv-grid")).ToContainTextAsync(sha);
        await page.GetByText("airflow/train_e2e").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/runs/{runId}$"));
        await Expect(page.GetByText("e2e/features @ 7")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FacetFailingItsSchema_RunIsKept_AndItsPageShowsTheValidationNote()
    {
        var token = (await browser.Services.CreateScope().ServiceProvider.GetRequiredService<ServiceIdentityService>()
            .CreateAsync(Caller.System("e2e"), "e2e-quality", GovernancePortal.Core.Seeding.DemoUsers.IdOf("platform@demo.local"), "", [Scopes.LineageWrite])).Value!.Token;
        using var api = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var runId = Guid.NewGuid();
        // Issue 10 item 7: dataQualityMetrics with rowCount and bytes but no columnMetrics, as dbt sends it.
        var body = """
            {"eventType":"COMPLETE","eventTime":"2026-11-30T08:15:02.123456789Z","run":{"runId":"RUN"},
             "job":{"namespace":"dbt","name":"claims_quality"},
             "inputs":[{"namespace":"postgres://warehouse","name":"public.claims","inputFacets":{"dataQualityMetrics":{"rowCount":182734,"bytes":48211456}}}]}
            """.Replace("RUN", runId.ToString());
        var response = await api.PostAsync("/api/v1/lineage", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var page = await browser.SignedInPageAsync("scientist@demo.local");
        await browser.GotoAsync(page, $"/runs/{runId}");
        await Expect(page.Locator("#page-title")).ToContainTextAsync("dbt/claims_quality");
        await Expect(page.Locator("#validation-notes")).ToContainTextAsync("inputs[0].inputFacets.dataQualityMetrics: columnMetrics is required");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "gp-run-validation-notes.png"), FullPage = true });
    }
}
