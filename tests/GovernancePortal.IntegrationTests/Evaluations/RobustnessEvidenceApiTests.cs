using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>A pipeline uploads robustness evidence (two prediction files, or a Giskard report); the gate binds both files (ADR 0034).</summary>
public class RobustnessEvidenceApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>100 rows, 95 predicted right on clean inputs; the perturbed predictions get <paramref name="flips"/> more rows wrong.</summary>
    private static (string Clean, string Perturbed) Files(int flips, bool shuffled = false)
    {
        var clean = new StringBuilder("row,label,prediction,region\n");
        var perturbed = new StringBuilder("row,prediction\n");
        var lines = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var label = i % 2;
            var cleanPrediction = i < 95 ? label : 1 - label;
            clean.Append($"r{i},{label},{cleanPrediction},{(i % 4 == 0 ? "north" : "south")}\n");
            lines.Add($"r{i},{(i < flips ? 1 - cleanPrediction : cleanPrediction)}\n");
        }
        if (shuffled) lines.Reverse();
        perturbed.Append(string.Concat(lines));
        return (clean.ToString(), perturbed.ToString());
    }

    private async Task<(HttpClient Api, string Model)> VersionAsync()
    {
        var (admin, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var model = "robust-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync($"/api/v1/models/{model}/versions", new
        {
            version = "1.0.0", artifactUri = $"s3://m/{model}/1.0.0", sha256 = Sha.Of(model), framework = "sklearn 1.5",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.EvaluationsWrite);
        return (api, model);
    }

    private static ByteArrayContent File(string text)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return file;
    }

    private static MultipartFormDataContent Form(string clean, string? perturbed, string format = "csv", string perturbation = "Gaussian noise, sigma 0.1, on income")
    {
        var form = new MultipartFormDataContent
        {
            { File(clean), "file", "clean.csv" },
            { new StringContent("staging"), "environment" },
            { new StringContent(format), "format" },
            { new StringContent(perturbation), "perturbation" },
            { new StringContent("row"), "rowIdColumn" },
            { new StringContent("label"), "labelColumn" },
            { new StringContent("prediction"), "predictionColumn" },
            { new StringContent("region"), "sliceColumn" },
        };
        if (perturbed is not null) form.Add(File(perturbed), "perturbedFile", "perturbed.csv");
        return form;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<(int Evaluations, int Uploads)> CountsAsync()
    {
        await using var db = factory.NewDb();
        return (await db.Evaluations.CountAsync(), await db.EvaluationUploads.CountAsync());
    }

    [Fact]
    public async Task SmallDrop_201_Passed_BothFilesRecorded()
    {
        var (api, model) = await VersionAsync();
        var (clean, perturbed) = Files(flips: 3);
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", Form(clean, perturbed));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("robustness", body.GetProperty("kind").GetString());
        Assert.Equal(Sha256(clean), body.GetProperty("sha256").GetString());
        var metrics = body.GetProperty("metrics");
        Assert.Equal(0.95, metrics.GetProperty("accuracy_clean").GetDouble(), 12);
        Assert.Equal(0.92, metrics.GetProperty("accuracy_perturbed").GetDouble(), 12);
        Assert.Equal(3, metrics.GetProperty("accuracy_drop_points").GetDouble(), 9);
        Assert.Equal(0.03, metrics.GetProperty("prediction_flip_rate").GetDouble(), 12);
        // Rows r0, r1, r2 flipped: r0 is north (1 of 25), r1 and r2 south (2 of 75).
        Assert.Equal(0.04, metrics.GetProperty("worst_slice_accuracy_drop:region").GetDouble(), 12);
        // Within every staging policy (high risk: accuracy_drop_points <= 5).
        Assert.True(body.GetProperty("passed").GetBoolean());

        await using var db = factory.NewDb();
        var stored = await db.Evaluations.Include(e => e.Upload).SingleAsync(e => e.Id == body.GetProperty("id").GetGuid());
        Assert.Equal((EvaluationKind.Robustness, EvaluationSource.Computed), (stored.Kind, stored.Source));
        Assert.Equal(Sha256(clean), stored.Upload!.Sha256);
        Assert.Equal(Sha256(perturbed), stored.Upload.PerturbedSha256);
        Assert.Equal("perturbed.csv", stored.Upload.PerturbedFileName);
        Assert.Equal("robustness-csv/1", stored.Upload.ParserVersion);
        using var parameters = JsonDocument.Parse(stored.Upload.ParametersJson);
        Assert.Equal("Gaussian noise, sigma 0.1, on income", parameters.RootElement.GetProperty("perturbation").GetString());
        Assert.Equal(Sha256(perturbed), parameters.RootElement.GetProperty("perturbedSha256").GetString());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == stored.Upload.Id.ToString()));
    }

    [Fact]
    public async Task LargeDrop_201_FailsTheGateThreshold()
    {
        var (api, model) = await VersionAsync();
        var (clean, perturbed) = Files(flips: 12);
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", Form(clean, perturbed));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, body.GetProperty("metrics").GetProperty("accuracy_drop_points").GetDouble(), 9);
        Assert.False(body.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task ReuploadWithADifferentPerturbedFile_ChangesTheGateBinding()
    {
        var (api, model) = await VersionAsync();
        var (clean, perturbed) = Files(flips: 3);
        var (_, reordered) = Files(flips: 3, shuffled: true);
        Assert.NotEqual(perturbed, reordered);

        async Task<(string Hash, JsonElement Metrics)> UploadAndGateAsync(string perturbedFile)
        {
            var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", Form(clean, perturbedFile));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var metrics = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metrics");
            await using var db = factory.NewDb();
            var version = await db.ModelVersions.SingleAsync(v => v.Model!.Name == model);
            var credit = await db.AiSystems.SingleAsync(s => s.Key == "retail-credit-scoring");
            var report = await factory.Get<GateEvaluator>().EvaluateAsync(db, version.Id, credit.Id, Stage.Production);
            var check = report.Checks.Single(c => c.Check == EvidenceGate.CheckName(EvaluationKind.Robustness));
            Assert.Equal(CheckStatus.Passed, check.Status);
            return (report.DecisionHash, metrics);
        }

        var first = await UploadAndGateAsync(perturbed);
        var second = await UploadAndGateAsync(reordered);
        // Same numbers (the rows are only reordered), different perturbed file: what reviewers signed no longer holds.
        Assert.Equal(first.Metrics.GetRawText(), second.Metrics.GetRawText());
        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Fact]
    public async Task DuplicateRowId_400NamingFileAndLine_NothingStored()
    {
        var (api, model) = await VersionAsync();
        var (clean, perturbed) = Files(flips: 3);
        // Line 11 of the perturbed file repeats the row id of line 10.
        var lines = perturbed.Split('\n');
        lines[10] = lines[9];
        var before = await CountsAsync();
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", Form(clean, string.Join('\n', lines)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("perturbed.csv, line 11: row id 'r8' appears twice; row ids must be unique.",
            problem.GetProperty("errors").GetProperty("perturbedFile")[0].GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData(true, "", "perturbation")]
    [InlineData(false, "noise", "perturbedFile")]
    public async Task MissingPerturbationOrPerturbedFile_400(bool withPerturbedFile, string perturbation, string field)
    {
        var (api, model) = await VersionAsync();
        var (clean, perturbed) = Files(flips: 3);
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness",
            Form(clean, withPerturbedFile ? perturbed : null, perturbation: perturbation));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task JsonLines_201_SameMetricsAsCsv()
    {
        var (api, model) = await VersionAsync();
        var (clean, perturbed) = Files(flips: 3);
        static string ToJsonl(string csv)
        {
            var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = rows[0].Split(',');
            return string.Concat(rows.Skip(1).Select(r => JsonSerializer.Serialize(header.Zip(r.Split(',')).ToDictionary(p => p.First, p => p.Second)) + "\n"));
        }
        var csvMetrics = (await (await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", Form(clean, perturbed)))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metrics").GetRawText();
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", Form(ToJsonl(clean), ToJsonl(perturbed), "jsonl"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(csvMetrics, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metrics").GetRawText());
    }

    [Fact]
    public async Task GiskardReport_201_IssueCounts()
    {
        var (api, model) = await VersionAsync();
        var report = """{"robustness": {"major": [{"d": "typos"}], "minor": [{}, {}]}, "overconfidence": {"medium": [{}]}}""";
        var form = new MultipartFormDataContent
        {
            { File(report), "file", "giskard-scan.json" }, { new StringContent("staging"), "environment" }, { new StringContent("giskard"), "format" },
        };
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var metrics = body.GetProperty("metrics");
        Assert.Equal(4, metrics.GetProperty("issues").GetDouble());
        Assert.Equal(1, metrics.GetProperty("issues:major").GetDouble());
        Assert.Equal(3, metrics.GetProperty("issues:robustness").GetDouble());
        // The high-risk policies bound accuracy_drop_points, which a scan report does not give: not passed.
        Assert.False(body.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task MalformedGiskardReport_400NamingThePath()
    {
        var (api, model) = await VersionAsync();
        var before = await CountsAsync();
        var form = new MultipartFormDataContent
        {
            { File("""{"robustness": {"blocker": []}}"""), "file", "scan.json" }, { new StringContent("staging"), "environment" }, { new StringContent("giskard"), "format" },
        };
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/robustness", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$['robustness'].blocker", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(before, await CountsAsync());
    }
}
