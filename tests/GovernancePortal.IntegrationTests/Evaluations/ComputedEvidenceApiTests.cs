using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>A pipeline uploads a predictions file; the portal computes, stores and audits the evaluation.</summary>
public class ComputedEvidenceApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>40 rows per group; group B is selected <paramref name="selectedB"/> times out of 40, group A 20 times.</summary>
    private static string Predictions(int selectedB)
    {
        var csv = new StringBuilder("id,label,prediction,score,gender\n");
        for (var i = 0; i < 40; i++) csv.Append(FormattableString.Invariant($"a{i},{i % 2},{(i < 20 ? 1 : 0)},{(i < 20 ? 0.8 : 0.2) + i / 1000.0},A\n"));
        for (var i = 0; i < 40; i++) csv.Append(FormattableString.Invariant($"b{i},{i % 2},{(i < selectedB ? 1 : 0)},{(i < selectedB ? 0.7 : 0.3) + i / 1000.0},B\n"));
        return csv.ToString();
    }

    private async Task<(HttpClient Api, string Model)> VersionAsync(params string[] scopes)
    {
        var (admin, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var model = "computed-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync($"/api/v1/models/{model}/versions", new
        {
            version = "1.0.0", artifactUri = $"s3://m/{model}/1.0.0", sha256 = Sha.Of(model), framework = "sklearn 1.5",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var (api, _) = await ApiClient.WithScopesAsync(factory, scopes);
        return (api, model);
    }

    private static MultipartFormDataContent Form(string csv, string environment = "staging", string sensitive = "gender", string privileged = "gender=A")
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent
        {
            { file, "file", "predictions.csv" },
            { new StringContent(environment), "environment" },
            { new StringContent("label"), "labelColumn" },
            { new StringContent("prediction"), "predictionColumn" },
            { new StringContent("score"), "scoreColumn" },
            { new StringContent(sensitive), "sensitiveColumns" },
            { new StringContent(privileged), "privilegedGroups" },
        };
    }

    [Fact]
    public async Task FairFile_201_ComputedPassedAndStoredWithItsUploadRecord()
    {
        var (api, model) = await VersionAsync(Scopes.EvaluationsWrite);
        var csv = Predictions(selectedB: 19);
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/bias", Form(csv));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
        Assert.Equal("bias", body.GetProperty("kind").GetString());
        Assert.Equal("computed", body.GetProperty("source").GetString());
        Assert.Equal(sha, body.GetProperty("sha256").GetString());
        var metrics = body.GetProperty("metrics");
        Assert.Equal(0.025, metrics.GetProperty("demographic_parity_difference:gender").GetDouble(), 12);
        Assert.Equal(0.475, metrics.GetProperty("selection_rate:gender=B").GetDouble(), 12);
        Assert.Equal(0.95, metrics.GetProperty("disparate_impact:gender").GetDouble(), 12);
        // Within every staging policy's bias thresholds (high risk: parity difference <= 0.10, impact ratio >= 0.8).
        Assert.True(body.GetProperty("passed").GetBoolean());

        var id = body.GetProperty("id").GetGuid();
        await using var db = factory.NewDb();
        var stored = await db.Evaluations.Include(e => e.Upload).SingleAsync(e => e.Id == id);
        Assert.Equal(EvaluationSource.Computed, stored.Source);
        Assert.Equal(sha, stored.Upload!.Sha256);
        Assert.Equal(Encoding.UTF8.GetByteCount(csv), stored.Upload.SizeBytes);
        Assert.Equal("predictions-csv/1", stored.Upload.ParserVersion);
        Assert.Contains("\"SensitiveColumns\":[\"gender\"]", stored.Upload.ParametersJson);
        Assert.Equal("predictions.csv", stored.Upload.FileName);
        // Audited with the change: the evaluation and its upload record each have an entry.
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == id.ToString()));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == stored.Upload.Id.ToString()));
    }

    [Fact]
    public async Task UnfairFile_201_NotPassed()
    {
        var (api, model) = await VersionAsync(Scopes.EvaluationsWrite);
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/bias", Form(Predictions(selectedB: 6)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("passed").GetBoolean());
        Assert.Equal(1, body.GetProperty("metrics").GetProperty("four_fifths_rule_violated:gender").GetDouble());
    }

    [Fact]
    public async Task Performance_201_WithRocAuc()
    {
        var (api, model) = await VersionAsync(Scopes.EvaluationsWrite);
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/performance", Form(Predictions(20), sensitive: "", privileged: ""));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var metrics = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metrics");
        Assert.Equal(0.5, metrics.GetProperty("accuracy").GetDouble(), 12);
        Assert.True(metrics.TryGetProperty("roc_auc", out _));
    }

    [Fact]
    public async Task JsonLines_201_SameMetricsAsTheCsv()
    {
        var (api, model) = await VersionAsync(Scopes.EvaluationsWrite);
        var csv = Predictions(selectedB: 19);
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = rows[0].Split(',');
        var jsonl = string.Concat(rows.Skip(1).Select(r => JsonSerializer.Serialize(header.Zip(r.Split(',')).ToDictionary(p => p.First, p => p.Second)) + "\n"));
        var fromCsv = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/bias", Form(csv));
        var form = Form(jsonl);
        form.Add(new StringContent("jsonl"), "format");
        var fromJsonl = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/bias", form);
        Assert.True(fromJsonl.StatusCode == HttpStatusCode.Created, await fromJsonl.Content.ReadAsStringAsync());
        Assert.Equal((await fromCsv.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metrics").GetRawText(),
            (await fromJsonl.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metrics").GetRawText());
    }

    [Fact]
    public async Task MalformedFile_400NamingTheLine_NothingStored()
    {
        var (api, model) = await VersionAsync(Scopes.EvaluationsWrite);
        // Header is line 1, the 40 A rows lines 2-41, b0 line 42: b7 is line 49.
        var lines = Predictions(19).Split('\n');
        Assert.StartsWith("b7,", lines[48]);
        lines[48] = "b7,1,1,high,B";
        var csv = string.Join('\n', lines);
        int evaluations, uploads;
        await using (var db = factory.NewDb()) (evaluations, uploads) = (await db.Evaluations.CountAsync(), await db.EvaluationUploads.CountAsync());

        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/bias", Form(csv));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("line 49: 'score' is 'high'", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        await using (var db = factory.NewDb())
        {
            Assert.Equal(evaluations, await db.Evaluations.CountAsync());
            Assert.Equal(uploads, await db.EvaluationUploads.CountAsync());
        }
    }

    [Fact]
    public async Task WithoutEvaluationsWriteScope_403()
    {
        var (api, model) = await VersionAsync(Scopes.Read, Scopes.ModelsWrite);
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/bias", Form(Predictions(19)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("fairness", "must be bias, performance")]
    public async Task KindsNotComputedYet_400SaySo(string kind, string message)
    {
        var (api, model) = await VersionAsync(Scopes.EvaluationsWrite);
        var response = await api.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/{kind}", Form(Predictions(19)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("kind")[0].GetString());
    }

    [Fact]
    public async Task UnknownModelVersion_404()
    {
        var (api, _) = await VersionAsync(Scopes.EvaluationsWrite);
        var response = await api.PostAsync("/api/v1/models/no-such-model/versions/1.0.0/evaluations/bias", Form(Predictions(19)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
