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

    [Fact]
    public async Task KindTheServiceCannotComputeYet_ShowsItsMessage()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => cut.Find("#upload-submit"));
        var kind = cut.FindComponent<MudSelect<EvaluationKind>>();
        await cut.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(EvaluationKind.Robustness));
        cut.WaitForAssertion(() => cut.Find("#perturbation"));
        Choose(cut, EvaluationPageTests.Predictions(selectedB: 19));
        cut.WaitForAssertion(() => Assert.Contains("4 columns", cut.Find("#chosen-file").TextContent));

        cut.Find("#upload-submit").Click();

        cut.WaitForAssertion(() => Assert.Contains("cannot be computed yet", cut.Find("#upload-error").TextContent));
        await using var db = NewDb();
        Assert.Equal(0, await db.Evaluations.CountAsync());
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
