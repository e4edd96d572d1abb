using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Api;

/// <summary>
/// The checks of POST /api/v1/lineage's request path that ADR 0073 reworked (the token is read and hashed once per request
/// for the rate limit and the lookup; the event is walked without building paths): each still refuses what it refused.
/// </summary>
public class LineageRequestPathTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new() { Settings = new() { ["Api:RequestsPerSecond"] = "1", ["Api:Burst"] = "3" } };

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static JsonObject Event(Guid runId) => new()
    {
        ["eventType"] = "COMPLETE", ["eventTime"] = "2026-12-03T06:00:00Z",
        ["run"] = new JsonObject { ["runId"] = runId.ToString() },
        ["job"] = new JsonObject { ["namespace"] = "airflow", ["name"] = "request_path" },
        ["inputs"] = new JsonArray(new JsonObject { ["namespace"] = "s3://lake", ["name"] = "table-1" }),
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body) =>
        client.PostAsync("/api/v1/lineage", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<bool> StoredAsync(Guid runId)
    {
        await using var db = factory.NewDb();
        return await db.TrainingRuns.AnyAsync(r => r.Id == runId);
    }

    [Fact]
    public async Task RevokedAfterACachedSuccess_NextEventRefused_AndNotStored()
    {
        var (client, token) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var first = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, Event(first).ToJsonString())).StatusCode);
        Assert.True(await StoredAsync(first));
        Assert.True((await factory.Get<ServiceIdentityService>().RevokeAsync(Caller.System("test"), token.Id)).Succeeded);
        var second = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client, Event(second).ToJsonString())).StatusCode);
        Assert.False(await StoredAsync(second));
    }

    [Theory]
    [InlineData("gp_notAToken")]                                // malformed: never looked up
    [InlineData("gp_0123456789ABCDEFGHIJKLMNOPQRSTUV000000")]   // the right shape, a wrong checksum
    public async Task MalformedToken_401(string token)
    {
        var response = await PostAsync(ApiClient.Bearer(factory, token), Event(Guid.NewGuid()).ToJsonString());
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnknownWellFormedToken_401()
    {
        var response = await PostAsync(ApiClient.Bearer(factory, ServiceToken.Generate()), Event(Guid.NewGuid()).ToJsonString());
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenWithoutLineageWrite_403_NothingStored()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var runId = Guid.NewGuid();
        await ProblemAssert.IsProblemAsync(await PostAsync(client, Event(runId).ToJsonString()), HttpStatusCode.Forbidden);
        Assert.False(await StoredAsync(runId));
    }

    [Fact]
    public async Task LoneSurrogateDeepInTheEvent_400NamingItsPath_NothingStored()
    {
        var runId = Guid.NewGuid();
        var body = Event(runId).ToJsonString().Replace("\"table-1\"", "\"table-\\ud800\"");
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var response = await PostAsync(client, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.inputs[0].name is not valid Unicode", await response.Content.ReadAsStringAsync());
        Assert.False(await StoredAsync(runId));
    }

    [Fact]
    public async Task RateLimit_PerToken_OnLineagePosts()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await PostAsync(client, Event(Guid.NewGuid()).ToJsonString())).StatusCode);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        // The partition is the token: another token still has its budget.
        var (other, _) = await ApiClient.WithScopesAsync(factory, Scopes.LineageWrite);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(other, Event(Guid.NewGuid()).ToJsonString())).StatusCode);
    }
}
