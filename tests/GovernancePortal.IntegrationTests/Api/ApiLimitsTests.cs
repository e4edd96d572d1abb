using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Api;

public class RateLimitTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new() { Settings = new() { ["Api:RequestsPerSecond"] = "1", ["Api:Burst"] = "2" } };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task OverTheRate_429WithRetryAfter_PerToken()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await client.GetAsync("/api/v1/models");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.NotNull(limited);
        Assert.True(limited!.Headers.RetryAfter is not null);
        // Another token has its own budget.
        var (other, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/models")).StatusCode);
    }
}

public class ListEndpointTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/api/v1/models?page=0&pageSize=2")]
    [InlineData("/api/v1/models/credit-risk-xgb/versions?page=0&pageSize=2")]
    [InlineData("/api/v1/datasets?page=0&pageSize=2")]
    [InlineData("/api/v1/runs?page=0&pageSize=2")]
    [InlineData("/api/v1/deployments?page=0&pageSize=2")]
    public async Task List_ReturnsAPageOfItemsAndTheTotal(string url)
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var body = await client.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(2, body.GetProperty("items").GetArrayLength());
        Assert.True(body.GetProperty("total").GetInt32() > 2);
        Assert.True(body.GetProperty("items")[0].TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Deployments_FilterUnregistered_ReturnsOnlyThose()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.DeploymentsWrite, Scopes.Read);
        await client.PostAsJsonAsync("/api/v1/deployments", new { endpoint = "shadow-api", environment = "Production", modelName = "unknown-model", version = "9", sha256 = Sha.Of("shadow") });
        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/deployments?registered=false&environment=Production");
        Assert.True(body.GetProperty("total").GetInt32() >= 1);
        Assert.All(body.GetProperty("items").EnumerateArray(), d => Assert.False(d.GetProperty("registered").GetBoolean()));
    }

    [Fact]
    public async Task List_SecondPage_DiffersFromFirst()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/runs?page=0&pageSize=3");
        var second = await client.GetFromJsonAsync<JsonElement>("/api/v1/runs?page=1&pageSize=3");
        Assert.NotEqual(first.GetProperty("items")[0].GetProperty("id").GetGuid(), second.GetProperty("items")[0].GetProperty("id").GetGuid());
    }
}
