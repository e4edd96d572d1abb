using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>A pipeline with only a token registers dataset → run → model version → evaluation → deployment.</summary>
public class PipelineApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task FullLineage_ThroughTheApi_IsReadableBack()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite, Scopes.ModelsWrite, Scopes.EvaluationsWrite, Scopes.DeploymentsWrite, Scopes.Read);

        var dataset = await IdOf(await api.PostAsJsonAsync("/api/v1/datasets", new
        {
            @namespace = "s3://lake", name = "claims/history", version = "2026-10", uri = "s3://lake/claims/history/2026-10",
            sha256 = Sha.Of("claims"), rowCount = 1000, containsPersonalData = true, licence = "Internal",
        }));
        var runId = Guid.NewGuid();
        Assert.Equal(runId, await IdOf(await api.PostAsJsonAsync("/api/v1/runs", new
        {
            id = runId, jobName = "train-claims", codeCommit = "abc123", status = "Completed",
            startedAt = DateTime.UtcNow.AddHours(-1), endedAt = DateTime.UtcNow, inputDatasetVersionIds = new[] { dataset },
        })));
        var version = await api.PostAsJsonAsync("/api/v1/models/claims-model/versions", new
        {
            version = "1.0.0", artifactUri = "s3://m/claims/1.0.0", sha256 = Sha.Of("claims-model"), framework = "xgboost 2.1", trainingRunId = runId,
        });
        var versionId = (await version.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await IdOf(await api.PostAsJsonAsync("/api/v1/evaluations", new
        {
            modelVersionId = versionId, kind = "Bias", environment = "Staging", datasetVersionId = dataset,
            metrics = new Dictionary<string, double> { ["demographic_parity_difference"] = 0.05 }, passed = true,
        }));
        await IdOf(await api.PostAsJsonAsync("/api/v1/deployments", new
        {
            endpoint = "claims-api", environment = "Staging", modelName = "claims-model", version = "1.0.0", sha256 = Sha.Of("claims-model"),
        }));

        var run = await api.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
        Assert.Contains(run.GetProperty("inputs").EnumerateArray(), n => n.GetProperty("id").GetGuid() == dataset);
        Assert.Contains(run.GetProperty("outputs").EnumerateArray(), n => n.GetProperty("id").GetGuid() == versionId);
        var ds = await api.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{Uri.EscapeDataString("s3://lake")}/{Uri.EscapeDataString("claims/history")}");
        Assert.Equal("2026-10", ds.GetProperty("versions")[0].GetProperty("version").GetString());
        var deployments = await api.GetFromJsonAsync<JsonElement>("/api/v1/deployments?pageSize=100");
        Assert.Contains(deployments.GetProperty("items").EnumerateArray(), d => d.GetProperty("endpoint").GetString() == "claims-api" && d.GetProperty("registered").GetBoolean());
    }

    [Fact]
    public async Task RegisterRun_UnknownInputDataset_400NothingStored()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var runId = Guid.NewGuid();
        var response = await api.PostAsJsonAsync("/api/v1/runs", new { id = runId, jobName = "x", status = "Running", startedAt = DateTime.UtcNow, inputDatasetVersionIds = new[] { Guid.NewGuid() } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = factory.NewDb();
        Assert.Null(await db.TrainingRuns.FindAsync(runId));
    }

    [Fact]
    public async Task ReportDeployment_WithoutDeploymentsScope_403()
    {
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var response = await api.PostAsJsonAsync("/api/v1/deployments", new { endpoint = "e", environment = "Production", modelName = "m", version = "1", sha256 = Sha.Of("m") });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
