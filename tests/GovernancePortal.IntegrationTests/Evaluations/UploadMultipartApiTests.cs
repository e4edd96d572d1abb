using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>
/// The upload route reads its multipart body itself, spooling file parts as they arrive: every malformed or refused
/// request answers problem details naming the part, stores nothing and leaves nothing in the spool. Small limits
/// (<see cref="UploadLimitsFactory"/>) keep the over-limit files small.
/// </summary>
public sealed class UploadMultipartApiTests(UploadLimitsFactory factory) : IClassFixture<UploadLimitsFactory>
{
    private const string Boundary = "gp-test-boundary";
    private const string Attempts = "category,prompt_id,outcome\njailbreak,p1,success\njailbreak,p2,fail\nleak,p3,fail\n";

    private async Task<(HttpClient Api, string Model)> VersionAsync()
    {
        var (admin, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var model = "multipart-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync($"/api/v1/models/{model}/versions", new
        {
            version = "1.0.0", artifactUri = $"s3://m/{model}/1.0.0", sha256 = Sha.Of(model), framework = "sklearn 1.5",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var (api, _) = await ApiClient.WithScopesAsync(factory, Scopes.EvaluationsWrite);
        return (api, model);
    }

    private static string RedTeam(string model) => $"/api/v1/models/{model}/versions/1.0.0/evaluations/redteam";

    /// <summary>Rows and files that a stored upload would add, and what is in the spool.</summary>
    private async Task<(int Evaluations, int Uploads, int Files, int Spooled)> StateAsync()
    {
        await using var db = factory.NewDb();
        var spool = factory.Get<IEvidenceFileStore>().SpoolFolder;
        return (await db.Evaluations.CountAsync(), await db.EvaluationUploads.CountAsync(), await db.EvidenceFiles.CountAsync(), Directory.GetFiles(spool).Length);
    }

    private static ByteArrayContent Raw(string body, string contentType = $"multipart/form-data; boundary={Boundary}")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string Part(string disposition, string value) => $"--{Boundary}\r\nContent-Disposition: {disposition}\r\n\r\n{value}\r\n";
    private static string Field(string name, string value) => Part($"form-data; name=\"{name}\"", value);
    private static string FilePart(string name, string content) => Part($"form-data; name=\"{name}\"; filename=\"attempts.csv\"", content);
    private const string End = $"--{Boundary}--\r\n";

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field, string says,
        (int, int, int, int) before)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        var text = field == "detail" ? problem.GetProperty("detail").GetString() : problem.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Contains(says, text);
        Assert.Equal(before with { Item4 = 0 }, await StateAsync());
    }

    [Theory]
    [InlineData("multipart/form-data", "has no usable multipart boundary")]
    [InlineData("multipart/form-data; boundary=\"\"", "has no usable multipart boundary")]
    [InlineData("multipart/form-data; boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "has no usable multipart boundary")]
    public async Task NoUsableBoundary_400NamingTheBody(string contentType, string says)
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var response = await api.PostAsync(RedTeam(model), Raw(Field("environment", "staging") + FilePart("file", Attempts) + End, contentType));
        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "body", says, before);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/csv")]
    public async Task NotMultipart_415ProblemDetails_NothingStored(string contentType)
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var response = await api.PostAsync(RedTeam(model), Raw(Field("environment", "staging") + FilePart("file", Attempts) + End, contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task TruncatedInsideTheFile_400NamingTheFilePart_SpoolEmpty()
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var body = Field("environment", "staging") + Field("format", "csv")
            + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n" + Attempts + "jailbreak,p4,succ";
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw(body)), HttpStatusCode.BadRequest, "file", "could not be read to the end", before);
    }

    [Fact]
    public async Task TruncatedBeforeAnyPart_400NamingTheBody()
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw("no boundary line here at all")), HttpStatusCode.BadRequest, "body",
            "is not a readable multipart/form-data body", before);
    }

    [Fact]
    public async Task FilePartWithoutName_400NamingTheBody()
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var body = Field("environment", "staging") + Part("form-data; filename=\"a.csv\"", Attempts) + End;
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw(body)), HttpStatusCode.BadRequest, "body", "has a part without a name", before);
    }

    [Fact]
    public async Task TwoFileParts_400NamingFile_FirstOneNotLeftInTheSpool()
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var body = Field("environment", "staging") + Field("format", "csv") + FilePart("file", Attempts) + FilePart("file", Attempts) + End;
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw(body)), HttpStatusCode.BadRequest, "file", "was sent twice", before);
    }

    [Fact]
    public async Task FieldSentTwice_400NamingIt()
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var body = Field("environment", "staging") + Field("environment", "production") + FilePart("file", Attempts) + End;
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw(body)), HttpStatusCode.BadRequest, "environment", "was sent twice", before);
    }

    [Fact]
    public async Task FileSentAsATextField_OrAFieldSentAsAFile_400NamingIt()
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var asText = Field("environment", "staging") + Field("file", Attempts) + End;
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw(asText)), HttpStatusCode.BadRequest, "file", "must be a file part", before);
        var asFile = FilePart("environment", "staging") + FilePart("file", Attempts) + End;
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw(asFile)), HttpStatusCode.BadRequest, "environment", "is a field, not a file", before);
    }

    [Fact]
    public async Task PerturbedFileForAnotherKind_400NamingIt_NotSpooled()
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var body = Field("environment", "staging") + Field("format", "csv") + FilePart("file", Attempts) + FilePart("perturbedFile", Attempts) + End;
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw(body)), HttpStatusCode.BadRequest, "perturbedFile", "only read for kind=robustness", before);
    }

    [Theory]
    [InlineData("format")]
    [InlineData("notes")]
    public async Task HugeFieldValue_400NamingTheField(string name)
    {
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var body = FilePart("file", Attempts) + Field("environment", "staging") + Field(name, new string('x', 70_000)) + End;
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Raw(body)), HttpStatusCode.BadRequest, name, "is longer than the 65,536 bytes", before);
    }

    [Fact]
    public async Task FieldsAfterTheFile_AreRead_201()
    {
        var (api, model) = await VersionAsync();
        var body = FilePart("file", Attempts) + Field("environment", "staging") + Field("format", "csv") + End;
        var response = await api.PostAsync(RedTeam(model), Raw(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Sha.Of(Attempts), created.GetProperty("sha256").GetString());
        Assert.Equal(0, (await StateAsync()).Spooled);
    }

    [Fact]
    public async Task WrongScope_403_WrongModelOrVersion_404_ProblemDetails_NothingStored()
    {
        var (_, model) = await VersionAsync();
        var (reader, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var (writer, _) = await ApiClient.WithScopesAsync(factory, Scopes.EvaluationsWrite);
        var before = await StateAsync();
        string Body() => Field("environment", "staging") + Field("format", "csv") + FilePart("file", Attempts) + End;

        var forbidden = await reader.PostAsync(RedTeam(model), Raw(Body()));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        await AssertRefusedAsync(await writer.PostAsync($"/api/v1/models/no-such-{model}/versions/1.0.0/evaluations/redteam", Raw(Body())),
            HttpStatusCode.NotFound, "detail", "was not found", before);
        await AssertRefusedAsync(await writer.PostAsync($"/api/v1/models/{model}/versions/9.9.9/evaluations/redteam", Raw(Body())),
            HttpStatusCode.NotFound, "detail", "was not found", before);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task ChunkedBody_WithoutLength_IsStreamed_201_AndOverTheLimit_400NamingTheFile()
    {
        var (api, model) = await VersionAsync();
        MultipartFormDataContent Form(string csv) => new()
        {
            { new StringContent("staging"), "environment" },
            { new StringContent("csv"), "format" },
            { new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(csv))) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "a.csv" },
        };
        var ok = Form(Attempts);
        Assert.Null(ok.Headers.ContentLength);
        var created = await api.PostAsync(RedTeam(model), ok);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var before = await StateAsync();
        var large = new StringBuilder("category,prompt_id,outcome\n");
        for (var i = 0; large.Length <= UploadLimitsFactory.MaxUploadBytes; i++) large.Append($"jailbreak,p{i:0000000},fail\n");
        await AssertRefusedAsync(await api.PostAsync(RedTeam(model), Form(large.ToString())), HttpStatusCode.BadRequest, "file",
            "is larger than the 2,097,152 bytes allowed", before);
    }

    [Fact]
    public async Task ChunkedBody_WithAPreambleLargerThanTheRequestLimit_400NamingTheBody_NothingStored()
    {
        // No Content-Length, so the up-front 413 cannot refuse it; the reader stops at 4 KB of text before the first
        // boundary instead of draining 6 MiB. (Every part has its own cap — file spool, fields, part count, headers —
        // which together stay under the request limit, so Kestrel's 413 mid-stream is only a backstop.)
        var (api, model) = await VersionAsync();
        var before = await StateAsync();
        var body = new string('x', 6 * 1024 * 1024) + "\r\n" + Field("environment", "staging") + FilePart("file", Attempts) + End;
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");
        Assert.Null(content.Headers.ContentLength);

        var response = await api.PostAsync(RedTeam(model), content);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "body", "Too much data before the first boundary", before);
    }

    /// <summary>A body whose length the client cannot know in advance (sent chunked).</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
