using System.Text;
using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Web.Features.Evaluations.Upload;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace GovernancePortal.ComponentTests.Evaluations;

/// <summary>A data scientist uploads a predictions file on the page; the page streams it to the computing service.</summary>
public class EvaluationUploadPageTests : DatabaseComponentTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Ctx.Services.GetRequiredService<PolicyService>().EnsureDefaultsAsync();
        var sha = new string('c', 64);
        Assert.True((await Ctx.Services.GetRequiredService<ModelRegistryService>().RegisterVersionAsync(Caller.System("test"),
            new("credit-model", "2.0", "sklearn 1.5", "s3://m/2.0", sha))).Succeeded);
    }

    private IRenderedComponent<EvaluationUploadPage> RenderPage() =>
        Ctx.Render<EvaluationUploadPage>(p => p.Add(c => c.Name, "credit-model").Add(c => c.Version, "2.0"));

    private static void Choose(IRenderedComponent<EvaluationUploadPage> cut, string csv, string name = "preds.csv") =>
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(csv), name, contentType: "text/csv"));

    private static async Task SelectSensitiveAsync(IRenderedComponent<EvaluationUploadPage> cut, params string[] columns)
    {
        var select = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.MultiSelection);
        await cut.InvokeAsync(() => select.Instance.SelectedValuesChanged.InvokeAsync(columns));
    }

    [Fact]
    public void ChoosingAFile_OffersItsHeaderColumns_AndPreselectsLabelAndPrediction()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));

        Choose(cut, EvaluationPageTests.Predictions(selectedB: 19));

        cut.WaitForAssertion(() => Assert.Contains("4 columns", cut.Find("#chosen-file").TextContent));
        // The select shows the chosen column in its input.
        string Shown(string label) => cut.FindComponents<MudSelect<string>>().First(s => s.Instance.Label!.StartsWith(label, StringComparison.Ordinal))
            .Find("input").GetAttribute("value") ?? "";
        Assert.Equal("label", Shown("Label"));
        Assert.Equal("prediction", Shown("Prediction"));
    }

    [Fact]
    public async Task MalformedFile_ShowsTheLine_StoresNothing()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));
        Choose(cut, "id,label,prediction,gender\na1,1,1,A\na2,1,1\n");
        cut.WaitForAssertion(() => Assert.Contains("4 columns", cut.Find("#chosen-file").TextContent));
        await SelectSensitiveAsync(cut, "gender");

        cut.Find("#upload-submit").Click();

        cut.WaitForAssertion(() => Assert.Contains("line 3", cut.Find("#upload-error").TextContent));
        Assert.Contains("Nothing was stored", cut.Find("#upload-error").TextContent);
        await using var db = NewDb();
        Assert.Equal(0, await db.Evaluations.CountAsync());
    }

    [Fact]
    public async Task ValidFile_ComputesAndNavigatesToTheNewEvaluation()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));
        Choose(cut, EvaluationPageTests.Predictions(selectedB: 19));
        cut.WaitForAssertion(() => Assert.Contains("4 columns", cut.Find("#chosen-file").TextContent));
        await SelectSensitiveAsync(cut, "gender");

        cut.Find("#upload-submit").Click();

        var navigation = Ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/evaluations/[0-9a-f-]{36}$", navigation.Uri));
        await using var db = NewDb();
        var stored = await db.Evaluations.Include(e => e.Upload).SingleAsync();
        Assert.Equal(navigation.Uri[^36..], stored.Id.ToString());
        Assert.Equal((EvaluationKind.Bias, EvaluationSource.Computed, "preds.csv", "scientist@demo.local"),
            (stored.Kind, stored.Source, stored.Upload!.FileName, stored.Upload.UploadedByName));
        Assert.Equal(0.475, stored.Metrics["selection_rate:gender=B"], 12);
    }

    private static async Task ChooseKindAsync(IRenderedComponent<EvaluationUploadPage> cut, EvaluationKind kind, string? format = null)
    {
        var select = cut.FindComponent<MudSelect<EvaluationKind>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(kind));
        if (format is null) return;
        var formats = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "File format");
        await cut.InvokeAsync(() => formats.Instance.ValueChanged.InvokeAsync(format));
    }

    /// <summary>Fills the robustness form: the clean file (its columns preselected), the perturbed file and the perturbation.</summary>
    private static async Task ChooseRobustnessFilesAsync(IRenderedComponent<EvaluationUploadPage> cut, string clean, string perturbed)
    {
        await ChooseKindAsync(cut, EvaluationKind.Robustness);
        cut.WaitForAssertion(() => cut.Find("#perturbation"));
        Choose(cut, clean, "clean.csv");
        cut.WaitForAssertion(() => Assert.Contains("4 columns", cut.Find("#chosen-file").TextContent));
        // The second picker is given its file through its FilesChanged (bUnit's InputFile upload reached only the first picker).
        var picker = cut.FindComponents<MudFileUpload<IBrowserFile>>()[1];
        await cut.InvokeAsync(() => picker.Instance.FilesChanged.InvokeAsync(new TextFile("perturbed.csv", perturbed)));
        cut.WaitForAssertion(() => Assert.Contains("perturbed.csv", cut.Find("#chosen-perturbed-file").TextContent));
        var perturbation = cut.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == "Perturbation");
        await cut.InvokeAsync(() => perturbation.Instance.ValueChanged.InvokeAsync("Gaussian noise, sigma 0.1, on income"));
    }

    /// <summary>100 rows, 95 right on clean inputs; the perturbed file gets the first <paramref name="flips"/> rows wrong (or names a row the clean file lacks).</summary>
    private static (string Clean, string Perturbed) RobustnessFiles(int flips, string? strangerRowId = null)
    {
        var clean = new StringBuilder("row,label,prediction,region\n");
        var perturbed = new StringBuilder("row,prediction\n");
        for (var i = 0; i < 100; i++)
        {
            var label = i % 2;
            var cleanPrediction = i < 95 ? label : 1 - label;
            clean.Append($"r{i},{label},{cleanPrediction},{(i % 4 == 0 ? "north" : "south")}\n");
            perturbed.Append($"{(i == 3 && strangerRowId is not null ? strangerRowId : $"r{i}")},{(i < flips ? 1 - cleanPrediction : cleanPrediction)}\n");
        }
        return (clean.ToString(), perturbed.ToString());
    }

    [Fact]
    public async Task RobustnessTwoFiles_ReachTheEvaluationPage_WithAccuracyDrop()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));
        var (clean, perturbed) = RobustnessFiles(flips: 10);
        await ChooseRobustnessFilesAsync(cut, clean, perturbed);

        cut.Find("#upload-submit").Click();

        var navigation = Ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/evaluations/[0-9a-f-]{36}$", navigation.Uri));
        await using var db = NewDb();
        var stored = await db.Evaluations.Include(e => e.Upload).SingleAsync();
        Assert.Equal(navigation.Uri[^36..], stored.Id.ToString());
        Assert.Equal((EvaluationKind.Robustness, EvaluationSource.Computed, "clean.csv", "perturbed.csv"),
            (stored.Kind, stored.Source, stored.Upload!.FileName, stored.Upload.PerturbedFileName));
        // 95% right on clean inputs; 10 more flipped rows (all among the right ones) leave 85%.
        Assert.Equal(0.10, stored.Metrics["accuracy_drop"], 12);
        Assert.Contains("Gaussian noise", stored.Upload.ParametersJson);
        Assert.Contains("\"rowIdColumn\":\"row\"", stored.Upload.ParametersJson);
    }

    [Fact]
    public async Task RobustnessMismatchedRowId_ShowsTheLine_StoresNothing()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));
        var (clean, perturbed) = RobustnessFiles(flips: 10, strangerRowId: "r999");
        await ChooseRobustnessFilesAsync(cut, clean, perturbed);

        cut.Find("#upload-submit").Click();

        // Row r3 is the perturbed file's 5th line (after the header).
        cut.WaitForAssertion(() => Assert.Contains("line 5", cut.Find("#upload-error").TextContent));
        Assert.Contains("perturbed.csv", cut.Find("#upload-error").TextContent);
        Assert.Contains("Nothing was stored", cut.Find("#upload-error").TextContent);
        await using var db = NewDb();
        Assert.Equal((0, 0), (await db.Evaluations.CountAsync(), await db.EvaluationUploads.CountAsync()));
    }

    [Fact]
    public async Task GiskardReport_IsOneFile_WithoutColumns()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));
        await ChooseKindAsync(cut, EvaluationKind.Robustness, "giskard");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#perturbation")));
        Assert.Single(cut.FindComponents<InputFile>());
        Choose(cut, """{"robustness": {"major": [{"description": "typos"}], "minor": [{}]}, "performance_bias": {"medium": [{}]}}""", "scan.json");
        cut.WaitForAssertion(() => Assert.Contains("scan.json", cut.Find("#chosen-file").TextContent));

        cut.Find("#upload-submit").Click();

        var navigation = Ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/evaluations/[0-9a-f-]{36}$", navigation.Uri));
        await using var db = NewDb();
        var stored = await db.Evaluations.Include(e => e.Upload).SingleAsync();
        Assert.Equal((EvaluationKind.Robustness, "scan.json", (string?)null), (stored.Kind, stored.Upload!.FileName, stored.Upload.PerturbedFileName));
        Assert.Equal((3.0, 1.0, 2.0), (stored.Metrics["issues"], stored.Metrics["issues:major"], stored.Metrics["issues:robustness"]));
    }

    [Fact]
    public async Task JsonLinesPredictions_OfferTheFirstObjectsKeys_AndComputePerformance()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));
        await ChooseKindAsync(cut, EvaluationKind.Performance, "jsonl");
        Choose(cut, "{\"id\": \"a1\", \"label\": 1, \"prediction\": 1}\n{\"id\": \"a2\", \"label\": 0, \"prediction\": 1}\n"
            + "{\"id\": \"a3\", \"label\": 1, \"prediction\": 1}\n{\"id\": \"a4\", \"label\": 0, \"prediction\": 0}\n", "preds.jsonl");
        cut.WaitForAssertion(() => Assert.Contains("3 columns", cut.Find("#chosen-file").TextContent));

        cut.Find("#upload-submit").Click();

        var navigation = Ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/evaluations/[0-9a-f-]{36}$", navigation.Uri));
        await using var db = NewDb();
        var stored = await db.Evaluations.Include(e => e.Upload).SingleAsync();
        Assert.Equal((EvaluationKind.Performance, "preds.jsonl"), (stored.Kind, stored.Upload!.FileName));
        Assert.Equal(0.75, stored.Metrics["accuracy"], 12);
        Assert.Contains("jsonl", stored.Upload.ParserVersion);
    }

    [Fact]
    public async Task RedTeamAttemptsCsv_GoesToTheRedTeamReader()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));
        var kind = cut.FindComponent<MudSelect<EvaluationKind>>();
        await cut.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(EvaluationKind.Adversarial));
        var format = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Report format");
        await cut.InvokeAsync(() => format.Instance.ValueChanged.InvokeAsync("csv"));
        Choose(cut, "category,prompt_id,outcome\njailbreak,p1,success\njailbreak,p2,fail\njailbreak,p3,fail\njailbreak,p4,fail\n", "attempts.csv");
        cut.WaitForAssertion(() => Assert.Contains("attempts.csv", cut.Find("#chosen-file").TextContent));

        cut.Find("#upload-submit").Click();

        var navigation = Ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/evaluations/[0-9a-f-]{36}$", navigation.Uri));
        await using var db = NewDb();
        var stored = await db.Evaluations.SingleAsync();
        Assert.Equal((EvaluationKind.Adversarial, EvaluationSource.Computed), (stored.Kind, stored.Source));
        Assert.Equal(0.25, stored.Metrics["attack_success_rate"], 12);
    }

    [Fact]
    public void UnknownVersion_SaysSo()
    {
        var cut = Ctx.Render<EvaluationUploadPage>(p => p.Add(c => c.Name, "credit-model").Add(c => c.Version, "9.9"));
        cut.WaitForAssertion(() => Assert.Contains("does not exist", cut.Markup));
    }
}
