using System.Text;
using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Web.Features.Evaluations;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.ComponentTests.Evaluations;

/// <summary>The evaluation page over real services: a computed bias evaluation with its charts, verdicts, upload record and comparison.</summary>
public class EvaluationPageTests : DatabaseComponentTestBase
{
    /// <summary>40 rows in group A (20 selected) and <paramref name="bRows"/> in group B (<paramref name="selectedB"/> selected).</summary>
    public static string Predictions(int selectedB, int bRows = 40)
    {
        var csv = new StringBuilder("id,label,prediction,gender\n");
        for (var i = 0; i < 40; i++) csv.Append($"a{i},{i % 2},{(i < 20 ? 1 : 0)},A\n");
        for (var i = 0; i < bRows; i++) csv.Append($"b{i},{i % 2},{(i < selectedB ? 1 : 0)},B\n");
        return csv.ToString();
    }

    private async Task<Guid> ComputeAsync(string version, string csv)
    {
        var registry = Ctx.Services.GetRequiredService<ModelRegistryService>();
        var system = Caller.System("test");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(version)));
        if (await registry.FindVersionAsync("credit-model", version) is null)
            Assert.True((await registry.RegisterVersionAsync(system, new("credit-model", version, "sklearn 1.5", $"s3://m/{version}", sha))).Succeeded);
        var result = await Ctx.Services.GetRequiredService<ComputedEvaluationService>().ComputeAsync(Caller.Service("pipeline", ["evaluations:write"]),
            new ComputeEvaluation("credit-model", version, EvaluationKind.Bias, DeploymentEnvironment.Staging, null, "preds.csv",
                new PredictionsOptions("label", "prediction", SensitiveColumns: ["gender"])), new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!.Id;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Ctx.Services.GetRequiredService<PolicyService>().EnsureDefaultsAsync();
    }

    [Fact]
    public async Task ComputedBias_ShowsGroupBarsVerdictsAndHowItWasComputed()
    {
        // Group B: 12 rows, 3 selected (0.25 against A's 0.5): a ratio of 0.5, failing the 0.8 impact-ratio bound; B is below 30 rows.
        var csv = Predictions(selectedB: 3, bRows: 12);
        var id = await ComputeAsync("1.9", csv);

        var cut = Ctx.Render<EvaluationPage>(p => p.Add(c => c.Id, id));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-column=gender]")));
        Assert.Equal("true", cut.Find("[data-group=B]").GetAttribute("data-small"));
        Assert.NotEmpty(cut.FindAll("line.threshold-line"));
        Assert.Contains("Computed", cut.Find(".source-chip").TextContent);
        Assert.Contains("Failed", cut.Find("#evaluation-verdict").TextContent);
        var impact = cut.FindAll("tr.verdict-row[data-metric=disparate_impact_ratio]");
        Assert.NotEmpty(impact);
        Assert.All(impact, r => Assert.Equal("false", r.GetAttribute("data-met")));
        var computedFrom = cut.Find("#computed-from").TextContent;
        Assert.Contains("preds.csv", computedFrom);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(csv))), cut.Find("#computed-from").InnerHtml);
        Assert.Contains("predictions-csv/", computedFrom);
        Assert.Contains("pipeline", computedFrom);
        Assert.Contains("gender", computedFrom);
    }

    [Fact]
    public async Task TwoVersions_ComparisonMarksTheFairerOneBetter()
    {
        await ComputeAsync("1.9", Predictions(selectedB: 10));
        var newer = await ComputeAsync("2.0", Predictions(selectedB: 19));

        var cut = Ctx.Render<EvaluationPage>(p => p.Add(c => c.Id, newer));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#version-comparison tr[data-metric='demographic_parity_ratio:gender']")));
        var ratio = cut.Find("#version-comparison tr[data-metric='demographic_parity_ratio:gender']");
        Assert.Contains("0.5", ratio.TextContent);
        Assert.Contains("0.95", ratio.TextContent);
        // 2.0 (the second column) has the higher ratio: the policy's minimum makes higher better.
        var cells = ratio.QuerySelectorAll("td[data-best]");
        Assert.Equal(["false", "true"], cells.Select(c => c.GetAttribute("data-best")));
        var difference = cut.Find("#version-comparison tr[data-metric=demographic_parity_difference]");
        Assert.Contains("lower (policy)", difference.TextContent);
        Assert.Equal(["false", "true"], difference.QuerySelectorAll("td[data-best]").Select(c => c.GetAttribute("data-best")));
    }

    [Fact]
    public async Task ReportedEvaluation_SaysReported_NoUploadRecord()
    {
        await ComputeAsync("1.9", Predictions(selectedB: 19));
        await using var db = NewDb();
        var version = db.ModelVersions.Single();
        var id = await Ctx.Services.GetRequiredService<GovernancePortal.Core.Features.Evaluations.EvaluationService>().RegisterAsync(Caller.System("ci"),
            new(version.Id, EvaluationKind.Performance, DeploymentEnvironment.Staging, null,
                new Dictionary<string, double> { ["true_positives"] = 5, ["false_positives"] = 1, ["true_negatives"] = 3, ["false_negatives"] = 1 }, true, null, DateTime.UtcNow.AddMinutes(-1)));

        var cut = Ctx.Render<EvaluationPage>(p => p.Add(c => c.Id, id.Value));

        cut.WaitForAssertion(() => Assert.Contains("Reported", cut.Find(".source-chip").TextContent));
        Assert.Contains("did not compute them", cut.Find("#computed-from").TextContent);
        // The sender's verdict is labelled as theirs, so it does not read as the policy's.
        Assert.Equal("Reported as passed", cut.Find("#evaluation-verdict").TextContent.Trim());
        // Lineage side card: type and edge as a reader says them, not enum names.
        cut.WaitForAssertion(() => Assert.Contains("Model version, evaluated", cut.Find(".neighbour").TextContent));
        Assert.Contains("50.0", cut.Find("#confusion-matrix [data-cell=tp] .cm-share").TextContent);
    }
}
