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

/// <summary>Infrastructure access alone must never authorise a release: no token-reachable route approves anything.</summary>
public class ServiceIdentityApprovalTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] ApprovalWords = ["approv", "reject", "sign", "decide", "co-sign"];

    [Fact]
    public void NoEndpointAcceptingServiceTokens_IsAnApprovalAction()
    {
        factory.CreateClient();
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;
        var tokenEndpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is { } p &&
                options.GetPolicy(p)?.AuthenticationSchemes.Contains(GovernancePortal.Web.Api.ServiceTokenAuthentication.SchemeName) == true))
            .ToList();
        Assert.True(tokenEndpoints.Count >= 15, "expected the API endpoints");
        var approvals = tokenEndpoints.Where(e => ApprovalWords.Any(w => (e.RoutePattern.RawText ?? "").Contains(w, StringComparison.OrdinalIgnoreCase))
            && !e.RoutePattern.RawText!.EndsWith("release-decision")).Select(e => e.RoutePattern.RawText).ToList();
        Assert.Empty(approvals);
        // The only decision a token can read is the release decision, and that is a GET.
        Assert.All(tokenEndpoints.Where(e => e.RoutePattern.RawText!.Contains("decision")),
            e => Assert.Equal(["GET"], e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods));
    }

    [Fact]
    public void ServiceCaller_WithAllScopes_SatisfiesNoReviewerOrAdminPolicy()
    {
        var bot = GovernancePortal.Core.Common.Caller.Service("bot", GovernancePortal.Core.Features.ServiceIdentities.Scopes.All);
        Assert.False(bot.Satisfies(GovernancePortal.Core.Identity.Policies.Admin));
        Assert.False(bot.Satisfies(GovernancePortal.Core.Identity.Policies.Auditor));
        Assert.Empty(bot.Roles);
    }
}
