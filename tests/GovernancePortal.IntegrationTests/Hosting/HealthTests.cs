using System.Net;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Hosting;

public class HealthTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Health_Anonymous_Returns200WithDatabaseStatus()
    {
        var response = await factory.CreateClient().GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\"", body);
        Assert.Contains("Healthy", body);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/health")]
    public async Task Responses_CarryTheSecurityHeaders(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("form-action 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Dashboard_Anonymous_RedirectsToLogin()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task BrandStylesheet_Anonymous_IsServedWithContent()
    {
        var response = await factory.CreateClient().GetAsync("/assets/css/portal.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(".account-card", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Readiness follows the database: reachable and migrated to this build. Liveness asks nothing of it.</summary>
public class ReadinessTests
{
    [Fact]
    public async Task Ready_WhenAMigrationIsMissing_Answers503_WhileLiveStays200_AndRecovers()
    {
        await using var factory = new PortalFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // Another build's database: the history lacks the newest migration this build knows.
        string last;
        await using (var db = factory.NewDb())
            last = (await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetAppliedMigrationsAsync(db.Database)).Last();
        await TestDatabase.ExecuteAsync(factory.ConnectionString, $"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'");

        foreach (var path in new[] { "/health/ready", "/health" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("\"Unhealthy\"", body);
            Assert.Contains(last, body);
        }
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("\"Healthy\"", await live.Content.ReadAsStringAsync());

        await TestDatabase.ExecuteAsync(factory.ConnectionString,
            $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('{last}', '10.0.15')");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Live_AskesNoCheck_AndIsAnonymousJson()
    {
        await using var factory = new PortalFactory();
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"Healthy\",\"checks\":{}}", await response.Content.ReadAsStringAsync());
    }
}
