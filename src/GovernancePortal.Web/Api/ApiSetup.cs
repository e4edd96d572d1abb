using System.Security.Claims;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using Microsoft.AspNetCore.Authentication;

namespace GovernancePortal.Web.Api;

public static class ApiSetup
{
    public static string ScopePolicy(string scope) => "scope:" + scope;

    /// <summary>The default scheme: the service token under /api, the Identity cookie everywhere else.</summary>
    public const string PortalScheme = "Portal";

    /// <summary>
    /// Adds the service token scheme and <see cref="PortalScheme"/>, which forwards /api to it: anything under /api that
    /// challenges (the fallback policy, a 405) answers 401 problem details instead of redirecting to the login page.
    /// </summary>
    public static void AddApiAuthentication(this AuthenticationBuilder authentication)
    {
        authentication.AddScheme<AuthenticationSchemeOptions, ServiceTokenAuthentication>(ServiceTokenAuthentication.SchemeName, null);
        authentication.AddPolicyScheme(PortalScheme, null, o => o.ForwardDefaultSelector = http =>
            http.Request.Path.StartsWithSegments("/api") ? ServiceTokenAuthentication.SchemeName : Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
    }

    public static void AddScopePolicies(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        foreach (var scope in Scopes.All)
            options.AddPolicy(ScopePolicy(scope), p => p.AddAuthenticationSchemes(ServiceTokenAuthentication.SchemeName)
                .RequireAuthenticatedUser().RequireClaim(ServiceTokenAuthentication.ScopeClaim, scope));
    }

    /// <summary>
    /// Requires <paramref name="scope"/>, records its use (hygiene warnings) and, for reads, queues an audit
    /// entry: every API call is attributable to its service identity (writes are audited by the save itself). The read's
    /// entry is appended by <see cref="ApiReadJournal"/>, off the request path (ADR 0046).
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ScopePolicy(scope)).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = Guid.Parse(http.User.FindFirstValue(ServiceTokenAuthentication.IdClaim)!);
            var services = http.RequestServices;
            await services.GetRequiredService<ServiceIdentityService>()
                .RecordUsageAsync(id, scope, http.Connection.RemoteIpAddress?.ToString() ?? "");
            var result = await next(context);
            if (HttpMethods.IsGet(http.Request.Method))
                await services.GetRequiredService<ApiReadJournal>().RecordAsync(ApiCaller(http.User).Actor,
                    new AuditEvent(AuditActions.ApiRead, "Api", http.Request.Path + http.Request.QueryString));
            return result;
        });

    /// <summary>page and pageSize out of range are a 400 (silently clamping would hide a client's bug).</summary>
    public static RouteGroupBuilder ValidatePaging(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var query = context.HttpContext.Request.Query;
        var page = int.TryParse(query["page"], out var p) ? p : 0;
        var size = int.TryParse(query["pageSize"], out var s) ? s : 50;
        return Paging.Problem(page, size) is { } problem ? Problem(problem) : await next(context);
    });

    /// <summary>
    /// A path segment as the client meant it: the router leaves %2F encoded, so "..%2Fx" would otherwise be stored
    /// as a literal name and dodge the identifier rule. Dataset, model and version names are decoded the same way.
    /// </summary>
    public static string Segment(string value) => Uri.UnescapeDataString(value);

    public static Caller ApiCaller(ClaimsPrincipal user) =>
        Caller.Service(user.Identity!.Name!, user.FindAll(ServiceTokenAuthentication.ScopeClaim).Select(c => c.Value),
            Guid.TryParse(user.FindFirstValue(ServiceTokenAuthentication.IdClaim), out var id) ? id : null);

    /// <summary>Service errors as RFC 7807 problem details, with field messages for validation errors.</summary>
    public static IResult Problem(Error error) => error switch
    {
        Error.Validation v => Invalid(v.Fields.ToDictionary(f => Camel(f.Key), f => new[] { $"{f.Key} {f.Value}" })),
        Error.NotFound => Results.Problem(statusCode: 404, title: "Not found", detail: error.Message),
        Error.Forbidden => Results.Problem(statusCode: 403, title: "Forbidden", detail: error.Message),
        Error.Conflict => Results.Problem(statusCode: 409, title: "Conflict", detail: error.Message),
        _ => Results.Problem(statusCode: 400, detail: error.Message),
    };

    /// <summary>
    /// A 400 problem naming the invalid fields. "Nothing was stored" is said only where the request could have stored
    /// something: a refused GET or HEAD (a bad filter, node type or page) is only not valid.
    /// </summary>
    public static IResult Invalid(IDictionary<string, string[]> errors) => new InvalidRequest(errors);

    private sealed class InvalidRequest(IDictionary<string, string[]> errors) : IResult
    {
        public Task ExecuteAsync(HttpContext http) => Results.ValidationProblem(errors, title: InvalidTitle(http.Request.Method)).ExecuteAsync(http);
    }

    private static string InvalidTitle(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? "The request is not valid." : "The request is not valid; nothing was stored.";

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
