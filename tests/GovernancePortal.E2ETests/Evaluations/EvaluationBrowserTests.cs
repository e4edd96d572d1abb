using System.Text;
using System.Text.RegularExpressions;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.E2ETests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovernancePortal.E2ETests.Evaluations;

/// <summary>A data scientist uploads a predictions file on the page, reads the charts, and sees the promotion gate turn.</summary>
public class EvaluationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "gp-evalui-shots");

    /// <summary>Group A: 40 rows, half selected; group B: 40 rows, 6 selected (an impact ratio of 0.3); group C: 10 rows (below 30).</summary>
    private static string UnfairPredictions()
    {
        var csv = new StringBuilder("id,label,prediction,score,gender\n");
        for (var i = 0; i < 40; i++) csv.Append($"a{i},{i % 2},{(i < 20 ? 1 : 0)},0.{(i < 20 ? 8 : 2)}{i % 10},A\n");
        for (var i = 0; i < 40; i++) csv.Append($"b{i},{i % 2},{(i < 6 ? 1 : 0)},0.{(i < 6 ? 7 : 3)}{i % 10},B\n");
        for (var i = 0; i < 10; i++) csv.Append($"c{i},{i % 2},{(i < 4 ? 1 : 0)},0.{(i < 4 ? 7 : 3)}{i % 10},C\n");
        return csv.ToString();
    }

    /// <summary>Opens a MudSelect by its label and picks an option (closing the list again for a multi-select).</summary>
    private static async Task PickAsync(IPage page, string label, string option, bool multi = false)
    {
        await page.Locator(".mud-select", new() { HasText = label }).First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
        // A multi-select stays open: a click on its overlay, away from the list, closes it.
        if (multi) await page.Mouse.ClickAsync(1350, 880);
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Scientist_uploads_predictions_sees_the_charts_and_the_production_gate_turns_failing()
    {
        Directory.CreateDirectory(Shots);
        await using var scope = browser.Services.CreateAsyncScope();
        var versionId = (await scope.ServiceProvider.GetRequiredService<ModelRegistryService>().FindVersionAsync("marketing-propensity", "2.2.0"))!.Id;
        var file = Path.Combine(Shots, "marketing-predictions.csv");
        await File.WriteAllTextAsync(file, UnfairPredictions());

        var page = await browser.SignedInPageAsync("scientist@demo.local");
        await browser.GotoAsync(page, $"/promotions/new?version={versionId}");
        await Expect(page.Locator("#gates-verdict")).ToHaveTextAsync("All gates pass");

        await browser.GotoAsync(page, $"/model-versions/{versionId}");
        await Expect(page.Locator(".source-chip").First).ToContainTextAsync("Reported");
        await page.ClickAsync("#upload-results");
        await Expect(page).ToHaveURLAsync(new Regex("/models/marketing-propensity/versions/2.2.0/evaluations/upload$"));
        await BrowserFixture.WaitInteractiveAsync(page);
        await PickAsync(page, "Environment", "Production");
        await page.Locator("#upload-file input[type=file], input[type=file]").First.SetInputFilesAsync(file);
        await Expect(page.Locator("#chosen-file")).ToContainTextAsync("5 columns");
        await PickAsync(page, "Sensitive columns", "gender", multi: true);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "upload-page.png"), FullPage = true });

        await page.ClickAsync("#upload-submit");
        await Expect(page).ToHaveURLAsync(new Regex("/evaluations/[0-9a-f-]{36}$"));
        var evaluationPath = new Uri(page.Url).AbsolutePath;
        await Expect(page.Locator("#group-charts [data-column=gender]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-group=C]")).ToHaveAttributeAsync("data-small", "true");
        await Expect(page.Locator("line.threshold-line").First).ToBeAttachedAsync();
        await Expect(page.Locator("#evaluation-verdict")).ToHaveTextAsync("Failed");
        await Expect(page.Locator("tr.verdict-row[data-metric=disparate_impact_ratio]")).ToHaveAttributeAsync("data-met", "false");
        await Expect(page.Locator("#computed-from")).ToContainTextAsync("marketing-predictions.csv");
        await Expect(page.Locator("#computed-from")).ToContainTextAsync("scientist@demo.local");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "evaluation-bias.png"), FullPage = true });

        // The request checklist now cites the computed evaluation and fails the bias gate.
        await browser.GotoAsync(page, $"/promotions/new?version={versionId}");
        // Not passing (the AI Card may drift too: its facts include the evaluations).
        await Expect(page.Locator("#gates-verdict")).ToContainTextAsync("not passing");
        var bias = page.Locator("li.gate-failed", new() { HasText = "Bias evidence" });
        await Expect(bias).ToContainTextAsync("Bias evaluation of");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "request-gate-failing.png"), FullPage = true });

        await browser.GotoAsync(page, $"/model-versions/{versionId}");
        // The uploaded evaluation's own row (the demo's bias evidence for this version is computed too).
        var row = page.Locator("tr", new() { Has = page.Locator($"a[href='{evaluationPath}']") });
        await Expect(row.Locator(".source-chip")).ToContainTextAsync("Computed");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "model-version.png"), FullPage = true });
    }

    [Fact]
    public async Task Red_team_and_robustness_metrics_are_charted_with_their_numbers()
    {
        Directory.CreateDirectory(Shots);
        await using var scope = browser.Services.CreateAsyncScope();
        var version = (await scope.ServiceProvider.GetRequiredService<ModelRegistryService>().FindVersionAsync("fraud-gbt", "4.3.0"))!;
        var evaluations = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        // Metric names of the red-team and robustness readers (issue 14's naming contract), registered as numbers here.
        var redTeam = await evaluations.RegisterAsync(Caller.System("e2e"), new(version.Id, EvaluationKind.Adversarial, DeploymentEnvironment.Staging, null,
            new Dictionary<string, double>
            {
                ["attack_success_rate"] = 0.045, ["attack_success_rate_ci_low"] = 0.029, ["attack_success_rate_ci_high"] = 0.069, ["attempts"] = 400, ["attacks_succeeded"] = 18,
                ["attack_success_rate:dan.Dan_11_0"] = 0.12, ["attack_success_rate_ci_low:dan.Dan_11_0"] = 0.069, ["attack_success_rate_ci_high:dan.Dan_11_0"] = 0.2,
                ["attempts:dan.Dan_11_0"] = 100, ["attacks_succeeded:dan.Dan_11_0"] = 12,
                ["attack_success_rate:encoding.InjectBase64"] = 0.02, ["attack_success_rate_ci_low:encoding.InjectBase64"] = 0.0055, ["attack_success_rate_ci_high:encoding.InjectBase64"] = 0.07,
                ["attempts:encoding.InjectBase64"] = 100, ["attacks_succeeded:encoding.InjectBase64"] = 2,
                ["attack_success_rate:promptinject.HijackHateHumans"] = 0.04, ["attack_success_rate_ci_low:promptinject.HijackHateHumans"] = 0.016, ["attack_success_rate_ci_high:promptinject.HijackHateHumans"] = 0.098,
                ["attempts:promptinject.HijackHateHumans"] = 100, ["attacks_succeeded:promptinject.HijackHateHumans"] = 4,
            }, false, null, DateTime.UtcNow.AddMinutes(-2)));
        var robustness = await evaluations.RegisterAsync(Caller.System("e2e"), new(version.Id, EvaluationKind.Robustness, DeploymentEnvironment.Staging, null,
            new Dictionary<string, double>
            {
                ["accuracy_clean"] = 0.912, ["accuracy_perturbed"] = 0.874, ["accuracy_drop"] = 0.038, ["accuracy_drop_points"] = 3.8, ["prediction_flip_rate"] = 0.061, ["rows"] = 2000,
                ["accuracy_drop:merchant_region=EU"] = 0.021, ["accuracy_drop:merchant_region=US"] = 0.067, ["worst_slice_accuracy_drop:merchant_region"] = 0.067,
            }, true, null, DateTime.UtcNow.AddMinutes(-2)));

        // An earlier version with a worse rate, for the comparison across versions.
        var earlier = (await scope.ServiceProvider.GetRequiredService<ModelRegistryService>().FindVersionAsync("fraud-gbt", "4.2.0"))!;
        Assert.True((await evaluations.RegisterAsync(Caller.System("e2e"), new(earlier.Id, EvaluationKind.Adversarial, DeploymentEnvironment.Staging, null,
            new Dictionary<string, double> { ["attack_success_rate"] = 0.09 }, false, null, DateTime.UtcNow.AddMinutes(-3)))).Succeeded);

        var page = await browser.SignedInPageAsync("risk@demo.local");
        await browser.GotoAsync(page, $"/evaluations/{redTeam.Value}");
        await Expect(page.Locator("#version-comparison tr[data-metric=attack_success_rate] td[data-best=true]")).ToContainTextAsync("0.045");
        await Expect(page.Locator("#probe-chart g.probe-row")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-probe='dan.Dan_11_0'] .probe-value")).ToContainTextAsync("12/100 attempts");
        await Expect(page.Locator("#overall-asr")).ToContainTextAsync("4.5");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "evaluation-redteam.png"), FullPage = true });

        await browser.GotoAsync(page, $"/evaluations/{robustness.Value}");
        await Expect(page.Locator("#accuracy-drop")).ToContainTextAsync("3.8 points");
        await Expect(page.Locator("#robustness")).ToContainTextAsync("merchant_region=US");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "evaluation-robustness.png"), FullPage = true });
    }
}
