using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>
/// The portal keeps the bytes evidence was computed from (ADR 0040): a pipeline uploads a file, anyone with read access
/// downloads exactly those bytes under their digest, and a file changed in the store is refused, not served.
/// </summary>
public class EvidenceFilesApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(HttpClient Writer, HttpClient Reader, string Model)> VersionAsync()
    {
        var (admin, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var model = "files-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync($"/api/v1/models/{model}/versions", new
        {
            version = "1.0.0", artifactUri = $"s3://m/{model}/1.0.0", sha256 = Sha.Of(model), framework = "transformers 4.52",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var (writer, _) = await ApiClient.WithScopesAsync(factory, Scopes.EvaluationsWrite);
        var (reader, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        return (writer, reader, model);
    }

    /// <summary>A generic red-team attempts CSV, unique per call so its digest is new.</summary>
    private static byte[] Attempts() => Encoding.UTF8.GetBytes(
        $"category,prompt_id,outcome\njailbreak,{Guid.NewGuid():N},success\njailbreak,p2,fail\nleak,p3,fail\n");

    private static async Task<(Guid Id, string Sha256)> UploadAsync(HttpClient writer, string model, byte[] bytes, string fileName = "attempts.csv")
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(bytes), "file", fileName },
            { new StringContent("staging"), "environment" },
            { new StringContent("csv"), "format" },
        };
        var response = await writer.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/redteam", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("sha256").GetString()!);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string says)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(says, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_ThenDownload_ReturnsTheIdenticalBytesUnderTheirDigest()
    {
        var (writer, reader, model) = await VersionAsync();
        var bytes = Attempts();
        var (id, sha) = await UploadAsync(writer, model, bytes, "run 7 attempts.csv");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha);

        var response = await reader.GetAsync($"/api/v1/evaluations/{id}/files/{sha}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var downloaded = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, downloaded);
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(downloaded)));
        Assert.Equal($"\"{sha}\"", response.Headers.ETag?.Tag);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("run 7 attempts.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:", Assert.Single(response.Headers.GetValues("Repr-Digest")));

        // One row per kept file, written in the evaluation's audited transaction: its digest is in the audit chain.
        await using var db = factory.NewDb();
        var row = await db.EvidenceFiles.SingleAsync(f => f.Sha256 == sha);
        Assert.Equal((bytes.LongLength, "run 7 attempts.csv", "text/csv"), (row.SizeBytes, row.OriginalFileName, row.MediaType));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(EvidenceFile) && a.EntityId == sha));
    }

    [Fact]
    public async Task SameBytesUploadedTwice_OneFileAndOneRow_BothEvaluationsServeIt()
    {
        var (writer, reader, model) = await VersionAsync();
        var bytes = Attempts();
        var (first, sha) = await UploadAsync(writer, model, bytes);
        var (second, again) = await UploadAsync(writer, model, bytes, "renamed.csv");
        Assert.Equal(sha, again);

        await using (var db = factory.NewDb()) Assert.Equal(1, await db.EvidenceFiles.CountAsync(f => f.Sha256 == sha));
        Assert.Equal(bytes, await reader.GetByteArrayAsync($"/api/v1/evaluations/{first}/files/{sha}"));
        var response = await reader.GetAsync($"/api/v1/evaluations/{second}/files/{sha}");
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        // Each evaluation serves the file under the name its own upload gave.
        Assert.Contains("renamed.csv", response.Content.Headers.ContentDisposition!.ToString());
    }

    [Fact]
    public async Task DigestNotOfThisEvaluation_404ProblemDetails()
    {
        var (writer, reader, model) = await VersionAsync();
        var (id, _) = await UploadAsync(writer, model, Attempts());
        var (_, otherSha) = await UploadAsync(writer, model, Attempts());

        await AssertProblemAsync(await reader.GetAsync($"/api/v1/evaluations/{id}/files/{otherSha}"), HttpStatusCode.NotFound, "was not found");
        await AssertProblemAsync(await reader.GetAsync($"/api/v1/evaluations/{id}/files/{new string('0', 64)}"), HttpStatusCode.NotFound, "was not found");
        await AssertProblemAsync(await reader.GetAsync($"/api/v1/evaluations/{Guid.NewGuid()}/files/{otherSha}"), HttpStatusCode.NotFound, "was not found");
    }

    [Fact]
    public async Task NoToken_401()
    {
        var (writer, _, model) = await VersionAsync();
        var (id, sha) = await UploadAsync(writer, model, Attempts());
        var response = await factory.CreateClient().GetAsync($"/api/v1/evaluations/{id}/files/{sha}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StoredFileChangedOrGone_409ProblemDetails_NothingServed()
    {
        var (writer, reader, model) = await VersionAsync();
        var (id, sha) = await UploadAsync(writer, model, Attempts());
        var path = ((FileSystemEvidenceFileStore)factory.Get<IEvidenceFileStore>()).PathOf(sha);
        Assert.StartsWith(Path.GetDirectoryName(factory.DbPath)!, path);

        await File.AppendAllTextAsync(path, "jailbreak,p9,fail\n");
        await AssertProblemAsync(await reader.GetAsync($"/api/v1/evaluations/{id}/files/{sha}"), HttpStatusCode.Conflict, "no longer matches its SHA-256");

        File.Delete(path);
        await AssertProblemAsync(await reader.GetAsync($"/api/v1/evaluations/{id}/files/{sha}"), HttpStatusCode.Conflict, "is missing from the evidence store");
    }

    [Fact]
    public async Task MalformedUpload_NothingKept()
    {
        var (writer, _, model) = await VersionAsync();
        var bytes = Encoding.UTF8.GetBytes("category,prompt_id,outcome\njailbreak,p1,maybe\n");
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(bytes), "file", "bad.csv" }, { new StringContent("staging"), "environment" }, { new StringContent("csv"), "format" },
        };
        Assert.Equal(HttpStatusCode.BadRequest, (await writer.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/redteam", form)).StatusCode);

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await using var db = factory.NewDb();
        Assert.False(await db.EvidenceFiles.AnyAsync(f => f.Sha256 == sha));
        Assert.False(File.Exists(((FileSystemEvidenceFileStore)factory.Get<IEvidenceFileStore>()).PathOf(sha)));
    }
}
