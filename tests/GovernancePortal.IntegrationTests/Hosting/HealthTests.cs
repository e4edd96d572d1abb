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
