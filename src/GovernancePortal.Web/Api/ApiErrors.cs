using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace GovernancePortal.Web.Api;

/// <summary>
/// The API error contract (ADR 0015): under /api every error, in every environment, is application/problem+json
/// with a title and the status; validation errors carry <c>errors</c> keyed by the JSON path or parameter name.
/// No stack trace, exception text or source path ever reaches a client, and nothing under /api redirects to the
/// login page or falls through to the HTML error and not-found pages.
/// </summary>
public static partial class ApiErrors
{
    /// <summary>
    /// Strict JSON for API bodies: duplicate keys, numbers in strings (so "NaN"/"Infinity"), enum numbers, null for a
    /// value-type field and a missing field without a default are refused while binding, each naming its path. (null
    /// for a required string reaches the service as empty and is refused there, naming the field: nullable
    /// annotations are not enforced, so a response can never fail to serialize on an unexpected null.)
    /// </summary>
    public static IServiceCollection AddApiJson(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o =>
        {
            var json = o.SerializerOptions;
            json.AllowDuplicateProperties = false;
            json.NumberHandling = JsonNumberHandling.Strict;
            json.RespectRequiredConstructorParameters = true;
            json.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        });
        // Binding failures arrive as BadHttpRequestException in every environment, so UseApiErrors can say what was
        // wrong (Production's default is an empty 400 that the status-code pages turn into HTML).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), branch => branch.Use(async (http, next) =>
        {
            // The portal's HTML not-found and error pages are for people; API clients get problem details.
            if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            if (http.GetEndpoint() is null)
            {
                // Before authentication: an unknown route or a constraint miss (/runs/not-a-guid) is a 404, never a login redirect.
                await WriteAsync(http, Results.Problem(statusCode: 404, title: "Not found",
                    detail: "No API operation matches this method and path; the operations are listed in /openapi/v1.json."));
                return;
            }
            try
            {
                await next(http);
            }
            catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
            {
                await WriteAsync(http, BadRequest(ex));
                return;
            }
            catch (Exception ex) when (!http.Response.HasStarted && Core.Data.DatabaseOutage.Classify(ex) is var outage and not Core.Data.OutageKind.None)
            {
                // The database is away (ADR 0044): nothing committed; say so and when to come back, instead of a 500.
                app.Logger.Log(Hosting.DatabaseUnavailable.OutageLogLevel, ex, "API request {Method} {Path}: database unavailable ({Kind})", http.Request.Method, http.Request.Path, outage);
                await WriteAsync(http, Hosting.DatabaseUnavailable.Problem(outage));
                return;
            }
            catch (Core.Data.AuditChainEmptiedException ex) when (!http.Response.HasStarted)
            {
                // Not a bug and not an outage: governed writes stay refused until an operator restores the chain (ADR 0083).
                app.Logger.Log(Hosting.DatabaseUnavailable.EmptiedLogLevel, ex, "API request {Method} {Path} refused: the audit chain was emptied", http.Request.Method, http.Request.Path);
                await WriteAsync(http, AuditChainEmptied(ex));
                return;
            }
            catch (Exception ex) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
            {
                app.Logger.LogError(ex, "API request {Method} {Path} failed", http.Request.Method, http.Request.Path);
                await WriteAsync(http, Results.Problem(statusCode: 500, title: "The request could not be completed",
                    detail: "An unexpected error occurred; it was logged with the trace id given here.",
                    extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier }));
                return;
            }
            // Framework answers with an empty body (405 from routing, 415, 400 from Kestrel): give them a body too.
            if (http.Response is { StatusCode: >= 400, HasStarted: false, ContentLength: null, ContentType: null })
                await WriteAsync(http, Results.Problem(statusCode: http.Response.StatusCode,
                    title: ReasonPhrases.GetReasonPhrase(http.Response.StatusCode) is { Length: > 0 } phrase ? phrase : "Request failed"));
        }));
        return app;
    }

    /// <summary>Problem type of a write refused because the audit chain's entries were deleted (ADR 0080, 0083).</summary>
    public const string AuditChainEmptiedType = "urn:governanceportal:problem:audit-chain-emptied";

    /// <summary>
    /// 503 without Retry-After: the portal cannot take governed changes, and retrying will not help until an operator
    /// restores the audit entries. The message names the tables and the remedy, nothing internal.
    /// </summary>
    internal static IResult AuditChainEmptied(Core.Data.AuditChainEmptiedException ex) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: AuditChainEmptiedType,
            title: "Governed changes are refused: the audit chain was emptied", detail: ex.Message);

    private static Task WriteAsync(HttpContext http, IResult result)
    {
        var allow = http.Response.Headers.Allow;
        http.Response.Clear();
        if (allow.Count > 0) http.Response.Headers.Allow = allow;
        return result.ExecuteAsync(http);
    }

    /// <summary>A binding failure as a problem: JSON errors keyed by their path, parameter errors by the parameter name.</summary>
    internal static IResult BadRequest(BadHttpRequestException ex)
    {
        if (ex.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return Results.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send the body as application/json.");
        if (ex.StatusCode != StatusCodes.Status400BadRequest)
            return Results.Problem(statusCode: ex.StatusCode, title: "The request body could not be read", detail: Clean(ex.Message));
        var (field, message) = ex.InnerException switch
        {
            JsonException json => (json.Path ?? "$", "is not valid: " + JsonMessage(json)),
            _ when ParameterName().Match(ex.Message) is { Success: true } m => (m.Groups["name"].Value, Clean(ex.Message)),
            _ => ("$", "is not valid JSON for this operation."),
        };
        return ApiSetup.Invalid(new Dictionary<string, string[]> { [field] = [message] });
    }

    /// <summary>The serializer's own sentence without its position suffix and without .NET type names.</summary>
    private static string JsonMessage(JsonException ex)
    {
        var text = ex.Message;
        var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) text = text[..cut];
        text = text.Replace(" Consider updating its nullability annotation.", "", StringComparison.Ordinal);
        return Clean(TypeName().Replace(text, m => m.Groups["short"].Value));
    }

    private static string Clean(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    [GeneratedRegex("parameter \"(?:[^\" ]+ )?(?<name>[A-Za-z0-9_]+)\"")]
    private static partial Regex ParameterName();

    // "System.Nullable`1[GovernancePortal.Core.Domain.Stage]" or "GovernancePortal.Web.Api.RegisterRunRequest" → the short name.
    [GeneratedRegex(@"(?:[A-Za-z_][A-Za-z0-9_`]*\.)+(?<short>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex TypeName();
}
