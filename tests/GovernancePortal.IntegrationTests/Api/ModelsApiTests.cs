using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Api;

public class ModelsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static object Version(string version, string sha) => new { version, artifactUri = "s3://m/" + version, sha256 = sha, framework = "onnx 1.16", tags = new[] { "api" } };

    [Fact]
    public async Task Api_NoToken_401ProblemDetails()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_MalformedOrUnknownToken_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClient.Bearer(factory, "gp_nonsense").GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClient.Bearer(factory, ServiceToken.Generate()).GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task Api_BrowserCookieWithoutToken_IsNotEnough()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await LoginClient.PostLoginAsync(client, "admin@demo.local", PortalFactory.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task RegisterVersion_ReadOnlyToken_403AndNothingStored()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var response = await client.PostAsJsonAsync("/api/v1/models/denied-model/versions", Version("1.0.0", Sha.Of("denied")));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = factory.NewDb();
        Assert.False(await db.Models.AnyAsync(m => m.Name == "denied-model"));
    }

    [Fact]
    public async Task RegisterVersion_ThenGet_ReturnsDigestAndIsAuditedAsTheServiceIdentity()
    {
        var (client, token) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite, Scopes.Read);
        var sha = Sha.Of("api-model-1");
        var created = await client.PostAsJsonAsync("/api/v1/models/api-model/versions", Version("1.0.0", "sha256:" + sha));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/models/api-model/versions/1.0.0");
        Assert.Equal("api-model", body.GetProperty("name").GetString());
        Assert.Equal(sha, body.GetProperty("sha256").GetString());
        Assert.True(body.TryGetProperty("stages", out _));
        Assert.True(body.TryGetProperty("id", out _));

        await using var db = factory.NewDb();
        var identity = await db.ServiceIdentities.SingleAsync(s => s.Id == token.Id);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "ModelVersion.Created" && a.After!.Contains(sha));
        Assert.Equal(identity.Name, audit.Actor);
        Assert.Equal(ActorKind.Service, audit.ActorKind);
        // The read's entry is appended off the request path (ADR 0046): wait for the journal, never for a time.
        await factory.Services.GetRequiredService<GovernancePortal.Core.Audit.ApiReadJournal>().FlushAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Api.Read" && a.Actor == identity.Name));
    }

    [Fact]
    public async Task RegisterVersion_SameDigestTwice_IdempotentOk()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var payload = Version("2.0.0", Sha.Of("idem"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/models/idem-model/versions", payload)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/models/idem-model/versions", payload)).StatusCode);
        await using var db = factory.NewDb();
        Assert.Equal(1, await db.ModelVersions.CountAsync(v => v.Model!.Name == "idem-model"));
    }

    [Fact]
    public async Task RegisterVersion_SameVersionOtherDigest_409AndRecordedAsIntegritySignal()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        await client.PostAsJsonAsync("/api/v1/models/drift-model/versions", Version("1.0.0", Sha.Of("a")));
        var response = await client.PostAsJsonAsync("/api/v1/models/drift-model/versions", Version("1.0.0", Sha.Of("b")));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await using var db = factory.NewDb();
        var signal = await db.AuditEntries.SingleAsync(a => a.Action == "ModelVersion.DigestConflict" && a.After == Sha.Of("b"));
        Assert.Equal(Sha.Of("a"), signal.Before);
    }

    [Fact]
    public async Task RegisterVersion_BadDigest_400WithFieldMessageAndNothingStored()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var response = await client.PostAsJsonAsync("/api/v1/models/bad-api-model/versions", Version("1.0.0", "xyz"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("64 hexadecimal", problem.GetProperty("errors").GetProperty("sha256")[0].GetString());
        await using var db = factory.NewDb();
        Assert.False(await db.Models.AnyAsync(m => m.Name == "bad-api-model"));
    }

    [Fact]
    public async Task GetVersion_Unknown_404()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/models/nope/versions/1")).StatusCode);
    }

    [Fact]
    public async Task ListModels_PagedItemsAndTotal()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/models?page=0&pageSize=3");
        Assert.Equal(3, body.GetProperty("items").GetArrayLength());
        Assert.True(body.GetProperty("total").GetInt32() >= 8);
    }

    [Fact]
    public async Task ReleaseDecision_BeforePromotionGates_NotAllowedWithReason()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/models/credit-risk-xgb/versions/1.2.0/release-decision?use=retail-credit-scoring&stage=Production");
        Assert.False(body.GetProperty("allowed").GetBoolean());
        Assert.StartsWith("no approved promotion", body.GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public async Task RevokedToken_401()
    {
        var (client, token) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        await factory.Get<ServiceIdentityService>().RevokeAsync(Caller.System("test"), token.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task RotatedToken_NewWorks_OldStillWorksDuringGrace()
    {
        var (oldClient, token) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var rotated = (await factory.Get<ServiceIdentityService>().RotateAsync(Caller.System("test"), token.Id)).Value!;
        Assert.Equal(HttpStatusCode.OK, (await ApiClient.Bearer(factory, rotated.Token).GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await oldClient.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task CreateIdentity_ByDataScientistOrOverMaxDays_Refused()
    {
        var service = factory.Get<ServiceIdentityService>();
        Assert.IsType<Error.Forbidden>((await service.CreateAsync(PortalFactory.Scientist, "x", "o@b.c", "", [Scopes.Read])).Error);
        Assert.IsType<Error.Validation>((await service.CreateAsync(PortalFactory.Admin, "y", "o@b.c", "", [Scopes.Read], days: 400)).Error);
    }
}
