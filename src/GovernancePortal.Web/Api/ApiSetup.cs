using System.Security.Claims;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.ServiceIdentities;
using Microsoft.AspNetCore.Authentication;

namespace GovernancePortal.Web.Api;

public static class ApiSetup
{
    public static string ScopePolicy(string scope) => "scope:" + scope;

    public static void AddApiAuthentication(this AuthenticationBuilder authentication) =>
        authentication.AddScheme<AuthenticationSchemeOptions, ServiceTokenAuthentication>(ServiceTokenAuthentication.SchemeName, null);

    public static void AddScopePolicies(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        foreach (var scope in Scopes.All)
            options.AddPolicy(ScopePolicy(scope), p => p.AddAuthenticationSchemes(ServiceTokenAuthentication.SchemeName)
                .RequireAuthenticatedUser().RequireClaim(ServiceTokenAuthentication.ScopeClaim, scope));
    }

    /// <summary>
    /// Requires <paramref name="scope"/>, records its use (hygiene warnings) and, for reads, appends an audit
    /// entry: every API call is attributable to its service identity (writes are audited by the save itself).
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
                await services.GetRequiredService<AuditRecorder>().RecordAsync(ApiCaller(http.User).Actor,
                    new AuditEvent(AuditActions.ApiRead, "Api", http.Request.Path + http.Request.QueryString));
            return result;
        });

    public static Caller ApiCaller(ClaimsPrincipal user) =>
        Caller.Service(user.Identity!.Name!, user.FindAll(ServiceTokenAuthentication.ScopeClaim).Select(c => c.Value));

    /// <summary>Service errors as RFC 7807 problem details, with field messages for validation errors.</summary>
    public static IResult Problem(Error error) => error switch
    {
        Error.Validation v => Results.ValidationProblem(v.Fields.ToDictionary(f => Camel(f.Key), f => new[] { $"{f.Key} {f.Value}" }), title: "The request is not valid; nothing was stored."),
        Error.NotFound => Results.Problem(statusCode: 404, title: "Not found", detail: error.Message),
        Error.Forbidden => Results.Problem(statusCode: 403, title: "Forbidden", detail: error.Message),
        Error.Conflict => Results.Problem(statusCode: 409, title: "Conflict", detail: error.Message),
        _ => Results.Problem(statusCode: 400, detail: error.Message),
    };

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
