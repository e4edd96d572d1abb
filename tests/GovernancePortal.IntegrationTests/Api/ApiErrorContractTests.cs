using System.Net;
using System.Net.Http.Json;
using System.Text;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>The host as deployed: Production environment (no developer exception page, HTML error pages for people).</summary>
public sealed class ProductionPortalFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Demo:Password", "Production-Only-Password-7731");
    }
}

/// <summary>The reproductions of issue 10 item 3, in Development and in Production.</summary>
public abstract class ApiErrorContractTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PortalFactory
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private Task<(HttpClient Client, CreatedToken Token)> ClientAsync() => ApiClient.WithScopesAsync(factory,
        Scopes.LineageWrite, Scopes.ModelsWrite, Scopes.EvaluationsWrite, Scopes.DeploymentsWrite, Scopes.ObservationsWrite, Scopes.Read);

    private async Task<(int, int, int)> CountsAsync()
    {
        await using var db = factory.NewDb();
        return (await db.LineageEvents.CountAsync(), await db.TrainingRuns.CountAsync(), await db.Datasets.CountAsync());
    }

    [Theory]
    [InlineData("""{"eventType":"START","eventTime":"2026-11-27T10:00:00Z","run":"not-an-object","job":{"namespace":"a","name":"b"}}""", "event")]
    [InlineData("""{"eventType":"START","eventTime":"2026-11-27T10:00:00Z","run":{"runId":"0b7c5a70-5f4e-4c55-9a7e-3a2f1f0c9d11"},"job":["a","b"]}""", "event")]
    [InlineData("""{"eventType":"START","eventTime":"2026-11-27T10:00:00Z","run":{"runId":"0b7c5a70-5f4e-4c55-9a7e-3a2f1f0c9d11"},"job":{"namespace":"a","name":"b"},"job":{"namespace":"c","name":"d"}}""", "$")]
    [InlineData("""{"eventType":"START","eventTime":"2026-11-27T10:00:00Z","run":{"runId":"0b7c5a70-5f4e-4c55-9a7e-3a2f1f0c9d11"},"job":{"namespace":"a","name":"b\ud800"}}""", "event")]
    [InlineData("""{"eventType":"START","eventTime":"2026-11-27T10:00:00Z","run":{"runId":"0b7c5a70-5f4e-4c55-9a7e-3a2f1f0c9d11"},"job":{"namespace":"a","name":"b"},"inputs":[{"namespace":"s3://x","name":"t\u202Egpj.exe"}]}""", "event")]
    [InlineData("""{"eventType":"START","eventTime":"2026-11-27T10:00:00Z","run":{"runId":"0b7c5a70-5f4e-4c55-9a7e-3a2f1f0c9d11"},"job":{"namespace":"a","name":"b"},"inputs":"nope"}""", "event")]
    public async Task Lineage_MalformedCoreFields_400ProblemNothingStored(string body, string errorKey)
    {
        var (client, _) = await ClientAsync();
        var before = await CountsAsync();
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/v1/lineage", Json(body)), HttpStatusCode.BadRequest, errorKey);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("\"NaN\"", "$.metrics.m")]
    [InlineData("\"Infinity\"", "$.metrics.m")]
    [InlineData("\"-Infinity\"", "$.metrics.m")]
    [InlineData("1e400", "metrics")] // a JSON number that overflows to infinity: the service's finite-number rule names it
    public async Task Runs_NonFiniteMetric_400NamingIt(string value, string errorKey)
    {
        var (client, _) = await ClientAsync();
        var before = await CountsAsync();
        var body = """{"jobName":"nan-job","status":"Completed","startedAt":"2026-11-27T10:00:00Z","metrics":{"m":@0@}}""".Replace("@0@", (value).ToString());
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/v1/runs", Json(body)), HttpStatusCode.BadRequest, errorKey);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("""{"jobName":5,"status":"Completed","startedAt":"2026-11-27T10:00:00Z"}""", "$.jobName")]
    [InlineData("""{"jobName":"j","status":-1,"startedAt":"2026-11-27T10:00:00Z"}""", "$.status")]
    [InlineData("""{"jobName":"j","status":"-1","startedAt":"2026-11-27T10:00:00Z"}""", "$.status")]
    [InlineData("""{"jobName":"j","status":"Completed","startedAt":"yesterday"}""", "$.startedAt")]
    [InlineData("""{"jobName":null,"status":"Completed","startedAt":"2026-11-27T10:00:00Z"}""", "jobName")]
    [InlineData("""{"status":"Completed","startedAt":"2026-11-27T10:00:00Z"}""", "$")]
    [InlineData("""{"jobName":"a","jobName":"b","status":"Completed","startedAt":"2026-11-27T10:00:00Z"}""", "$.jobName")]
    [InlineData("""{"jobName":"j\ud800","status":"Completed","startedAt":"2026-11-27T10:00:00Z"}""", "$.jobName")]
    [InlineData("""{"jobName":"j","status":"Completed","startedAt":"2026-11-27T10:00:00Z" """, "")]
    public async Task Runs_BindingFailures_400ProblemNamingThePath(string body, string errorKey)
    {
        var (client, _) = await ClientAsync();
        var before = await CountsAsync();
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/v1/runs", Json(body)), HttpStatusCode.BadRequest, errorKey);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Evaluations_KindAsNumber_Refused()
    {
        var (client, _) = await ClientAsync();
        var body = """{"modelVersionId":"@0@","kind":-1,"environment":"Staging","metrics":{"a":1},"passed":true}""".Replace("@0@", (Guid.NewGuid()).ToString());
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/v1/evaluations", Json(body)), HttpStatusCode.BadRequest, "$.kind");
    }

    [Theory]
    [InlineData("model\u0000name", "modelName")]
    [InlineData("model\u202Ename", "modelName")]
    [InlineData("model\u2066name", "modelName")]
    [InlineData("model\r\nname", "modelName")]
    public async Task Deployments_IdentifierWithHiddenCharacters_400NamingTheField(string modelName, string field)
    {
        var (client, _) = await ClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/deployments", new { endpoint = "e", environment = "Staging", modelName, version = "1", sha256 = Sha.Of("x") });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("name\u202Etxt", "name")]
    [InlineData("../secret", "name")]
    public async Task Datasets_IdentifierRule_400NamingTheField(string name, string field)
    {
        var (client, _) = await ClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/datasets", new { @namespace = "s3://x", name, version = "1", uri = "s3://x/y", containsPersonalData = false });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task WrongContentType_415Problem()
    {
        var (client, _) = await ClientAsync();
        var text = new StringContent("{}", Encoding.UTF8, "text/plain");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/v1/runs", text), HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/v1/lineage", new StringContent("{}", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("/api/v1/runs/not-a-guid")]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/api/v2/models")]
    [InlineData("/api")]
    public async Task UnknownRouteOrConstraintMiss_404Problem_WithAndWithoutToken(string path)
    {
        var (client, _) = await ClientAsync();
        await ProblemAssert.IsProblemAsync(await client.GetAsync(path), HttpStatusCode.NotFound);
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethod_NeverRedirects()
    {
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await anonymous.DeleteAsync("/api/v1/runs");
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        var (client, _) = await ClientAsync();
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync("/api/v1/runs"), HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("/api/v1/runs?page=abc", "page")]
    [InlineData("/api/v1/runs?page=-1", "page")]
    [InlineData("/api/v1/runs?pageSize=100000000000", "pageSize")]
    [InlineData("/api/v1/models/x/versions/1/release-decision?use=a&stage=-1", "stage")]
    [InlineData("/api/v1/deployments?environment=1", "environment")]
    public async Task QueryParameters_Invalid_400NamingThem(string path, string field)
    {
        var (client, _) = await ClientAsync();
        var body = await ProblemAssert.IsProblemAsync(await client.GetAsync(path), HttpStatusCode.BadRequest, field);
        // A read stores nothing anyway: its refusal does not say "nothing was stored".
        Assert.Equal("The request is not valid.", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task InvalidWrite_SaysNothingWasStored_InvalidRead_DoesNot()
    {
        var (client, _) = await ClientAsync();
        var read = await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/lineage/notAType/{Guid.NewGuid()}"), HttpStatusCode.BadRequest, "nodeType");
        Assert.Equal("The request is not valid.", read.GetProperty("title").GetString());
        var write = await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/v1/lineage", Json("""{"eventType":""")), HttpStatusCode.BadRequest, "");
        Assert.Equal("The request is not valid; nothing was stored.", write.GetProperty("title").GetString());
    }
}

public sealed class DevelopmentApiErrorContractTests(PortalFactory factory) : ApiErrorContractTests<PortalFactory>(factory);

public sealed class ProductionApiErrorContractTests(ProductionPortalFactory factory) : ApiErrorContractTests<ProductionPortalFactory>(factory);
