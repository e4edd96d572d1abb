using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>
/// The upload limits have one owner (ComputedEvidenceOptions): a robustness request carries two files each up to the
/// per-file limit; a garak line over its cap is refused naming the line. Small limits here so the files stay small.
/// </summary>
public sealed class UploadLimitsFactory : PortalFactory
{
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    public UploadLimitsFactory() => Settings = new()
    {
        ["ComputedEvidence:MaxUploadBytes"] = MaxUploadBytes.ToString(),
        // Above the demo seed's own garak lines (its report is 10 KB).
        ["ComputedEvidence:MaxReportLineChars"] = "20000",
        ["ComputedEvidence:MaxGiskardReportBytes"] = "100",
    };
}

public sealed class UploadLimitsApiTests(UploadLimitsFactory factory) : IClassFixture<UploadLimitsFactory>
{
    private const long MaxUploadBytes = UploadLimitsFactory.MaxUploadBytes;

    private async Task<(HttpClient Api, string Model)> VersionAsync()
    {
        var (admin, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var model = "limits-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync($"/api/v1/models/{model}/versions", new
        {
            version = "1.0.0", artifactUri = $"s3://m/{model}/1.0.0", sha256 = Sha.Of(model), framework = "sklearn 1.5",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.EvaluationsWrite);
        return (api, model);
    }

    private static ByteArrayContent File(string text, string type)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return file;
    }

    private async Task<(int Evaluations, int Uploads)> CountsAsync()
    {
        await using var db = factory.NewDb();
        return (await db.Evaluations.CountAsync(), await db.EvaluationUploads.CountAsync());
    }

    [Fact]
    public async Task Robustness_TwoFilesEachOverHalfTheLimit_Together_OverOneFilesLimitPlusTheForm_201()
    {
        var (api, model) = await VersionAsync();
        // Each file about 0.9 × the per-file limit: together well over one file's limit plus the 1 MiB form allowance
        // (the old request limit), within two files' limit.
        var clean = new StringBuilder("row,label,prediction,padding\n");
        var perturbed = new StringBuilder("row,prediction,padding\n");
        var padding = new string('x', 100);
        for (var i = 0; clean.Length < MaxUploadBytes * 9 / 10; i++)
        {
            clean.Append($"r{i},{i % 2},{i % 2},{padding}\n");
            perturbed.Append($"r{i},{(i % 10 == 0 ? 1 - i % 2 : i % 2)},{padding}\n");
        }
        Assert.True(clean.Length + perturbed.Length > MaxUploadBytes + 1024 * 1024);
        var form = new MultipartFormDataContent
        {
            { File(clean.ToString(), "text/csv"), "file", "clean.csv" },
            { File(perturbed.ToString(), "text/csv"), "perturbedFile", "perturbed.csv" },
            { new StringContent("staging"), "environment" },
            { new StringContent("csv"), "format" },
            { new StringContent("Label noise on every tenth row"), "perturbation" },
            { new StringContent("row"), "rowIdColumn" },
            { new StringContent("label"), "labelColumn" },
            { new StringContent("prediction"), "predictionColumn" },
        };

        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", form);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var metrics = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metrics");
        Assert.Equal(1.0, metrics.GetProperty("accuracy_clean").GetDouble(), 12);
        Assert.Equal(0.1, metrics.GetProperty("prediction_flip_rate").GetDouble(), 2);
    }

    [Fact]
    public async Task Robustness_AFileOverThePerFileLimit_400NamingThePart_NothingStored()
    {
        var (api, model) = await VersionAsync();
        var before = await CountsAsync();
        var small = "row,label,prediction\nr0,1,1\n";
        var large = "row,prediction\n" + string.Concat(Enumerable.Range(0, (int)(MaxUploadBytes / 10) + 1).Select(i => $"r{i:0000000},1\n"));
        var form = new MultipartFormDataContent
        {
            { File(small, "text/csv"), "file", "clean.csv" },
            { File(large, "text/csv"), "perturbedFile", "perturbed.csv" },
            { new StringContent("staging"), "environment" },
            { new StringContent("noise"), "perturbation" },
            { new StringContent("row"), "rowIdColumn" },
            { new StringContent("label"), "labelColumn" },
            { new StringContent("prediction"), "predictionColumn" },
        };

        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("larger than the 2,097,152 bytes allowed", problem.GetProperty("errors").GetProperty("perturbedFile")[0].GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Garak_LineOverTheCap_400NamingTheLine_NothingStored()
    {
        var (api, model) = await VersionAsync();
        var before = await CountsAsync();
        var report = """{"entry_type": "start_run setup", "_config.version": "0.14.1"}""" + "\n"
            + $$"""{"entry_type": "attempt", "outputs": [{"text": "{{new string('x', 30000)}}"}]}""" + "\n"
            + """{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 9, "total": 10}""" + "\n";
        var form = new MultipartFormDataContent
        {
            { File(report, "application/jsonl"), "file", "run.report.jsonl" },
            { new StringContent("staging"), "environment" },
            { new StringContent("garak"), "format" },
        };

        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/redteam", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("line 2: is longer than 20,000 characters", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Giskard_ReportOverItsCap_400_NothingStored()
    {
        var (api, model) = await VersionAsync();
        var before = await CountsAsync();
        var report = """{"robustness": {"major": [], "medium": [], "minor": [{"description": "a long enough issue text to pass one hundred bytes"}]}}""";
        var form = new MultipartFormDataContent
        {
            { File(report, "application/json"), "file", "scan.json" },
            { new StringContent("staging"), "environment" },
            { new StringContent("giskard"), "format" },
        };

        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("may be at most 100 bytes (ComputedEvidence:MaxGiskardReportBytes)", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(before, await CountsAsync());
    }
}
