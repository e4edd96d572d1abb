using System.Net;
using System.Reflection;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Hosting;

/// <summary>Deny by default, proven: every route states a policy or is explicitly anonymous.</summary>
public class RouteAuthorizationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>Blazor's own transport endpoints carry no metadata; the fallback policy (authenticated user) covers them.</summary>
    private static readonly string[] FrameworkPrefixes = ["/_blazor", "/_framework"];

    /// <summary>MapStaticAssets adds this file fallback in Development only; the fallback policy covers it too.</summary>
    private const string DevelopmentFileFallback = "Fallback {**path:file}";

    private static readonly Type[] Pages = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttributes<RouteAttribute>().Any()).ToArray();

    [Fact]
    public void EveryEndpoint_NamesAPolicyOrIsAnonymous()
    {
        factory.CreateClient(); // builds the host
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 20, "expected the portal's endpoints to be enumerated");
        var unstated = endpoints
            .Where(e => !FrameworkPrefixes.Any(p => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith(p)))
            .Where(e => e.DisplayName != DevelopmentFileFallback)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(e => $"{e.RoutePattern.RawText} ({e.DisplayName})").ToList();
        Assert.Empty(unstated);
    }

    [Fact]
    public void EveryPage_NamesAPolicyOrIsAnonymous()
    {
        Assert.True(Pages.Length > 15);
        var unstated = Pages.Where(p => p.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .Where(p => p.GetCustomAttributes<AuthorizeAttribute>().All(a => a.Policy is null && a.Roles is null))
            .Select(p => p.FullName).ToList();
        Assert.Empty(unstated);
    }

    [Fact]
    public async Task EveryProtectedPage_Anonymous_RedirectsToLogin()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var protectedRoutes = Pages.Where(p => p.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .SelectMany(p => p.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template.Replace("{Id:guid}", Guid.NewGuid().ToString())).Distinct().ToList();
        foreach (var route in protectedRoutes)
        {
            var response = await client.GetAsync(route);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route} answered {response.StatusCode} to an anonymous request");
            Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task BlazorHub_Anonymous_IsRefused()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        // The fallback policy challenges (login redirect); the framework may turn the POST's challenge into a 400.
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized || response.Headers.Location?.OriginalString.Contains("/Account/Login") == true,
            $"{response.StatusCode} without a login challenge");
    }
}
