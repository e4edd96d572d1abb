using System.Net;
using GovernancePortal.Core.Data;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// How the portal answers while its database is away (ADR 0044). <see cref="DatabaseOutage"/> decides what an exception
/// is; this class decides what people and API clients see: 503 (unreachable) or 507 (full), a Retry-After, and nothing
/// half-done, since the failed operation's transaction never committed. Nothing is cached or restarted: the next
/// request after the database returns simply works.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>Seconds a client should wait before trying again; a restart of PostgreSQL takes a few seconds.</summary>
    public const int RetryAfterSeconds = 5;

    public static int StatusCode(OutageKind kind) => kind == OutageKind.Full ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status503ServiceUnavailable;

    public static string Title(OutageKind kind) => kind == OutageKind.Full
        ? "The portal's database is full"
        : "The portal cannot reach its database";

    public static string Detail(OutageKind kind) => kind == OutageKind.Full
        ? "Nothing was stored: the database or its disk has no space left. An operator must free space; try again afterwards."
        : "Nothing was stored: the database is unreachable or restarting. Try again in a few seconds.";

    /// <summary>
    /// How loudly each condition is logged, by the page and API request paths and by an open page (PageProblem): an outage passes
    /// by itself (a warning); an emptied chain needs an operator before anything can be recorded again (critical).
    /// </summary>
    public const LogLevel OutageLogLevel = LogLevel.Warning;
    public const LogLevel EmptiedLogLevel = LogLevel.Critical;

    /// <summary>What pages and open circuits say when the audit chain was emptied (ADR 0080, 0083): waiting will not help.</summary>
    public const string EmptiedTitle = "Changes are refused: the audit trail was emptied";
    public const string EmptiedDetail = "Every entry of the portal's audit trail has been deleted, so nothing can be recorded, signing in included. Nothing was saved.";
    public const string EmptiedNext = "What was saved before is kept. An operator must restore the audit entries from a backup and check them with verify-audit.";

    /// <summary>The API's answer: problem details with a Retry-After header.</summary>
    public static IResult Problem(OutageKind kind) =>
        new WithRetryAfter(Results.Problem(statusCode: StatusCode(kind), title: Title(kind), detail: Detail(kind)));

    /// <summary>Sets the header as the result executes, after the error edge has cleared the failed response.</summary>
    private sealed class WithRetryAfter(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            return inner.ExecuteAsync(http);
        }
    }

    /// <summary>
    /// Pages: a request whose pipeline (cookie validation, a prerendered page) met the outage gets a small static page.
    /// It needs nothing from the database, the layout or the circuit, so it renders while they are all unavailable.
    /// A request refused because the audit chain was emptied (a sign-in, a form post) gets its own such page, not the
    /// generic error page (ADR 0083).
    /// </summary>
    public static WebApplication UseDatabaseOutagePage(this WebApplication app)
    {
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), branch => branch.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception ex) when (!http.Response.HasStarted && DatabaseOutage.Classify(ex) is var kind and not OutageKind.None)
            {
                app.Logger.Log(OutageLogLevel, ex, "Database unavailable ({Kind}) for {Method} {Path}", kind, http.Request.Method, http.Request.Path);
                await WriteAsync(http, StatusCode(kind), "database-unavailable", Title(kind), Detail(kind),
                    "What was saved before is kept. This page tries again by itself; or <a href=\"\">reload now</a>.", retry: true);
            }
            catch (AuditChainEmptiedException ex) when (!http.Response.HasStarted)
            {
                // A sign-in is recorded, so it is refused too (ADR 0080, 0083). Waiting will not help: no refresh, no
                // Retry-After, and no table names for a visitor who may not be signed in.
                app.Logger.Log(EmptiedLogLevel, ex, "Request {Method} {Path} refused: the audit chain was emptied", http.Request.Method, http.Request.Path);
                await WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "audit-chain-emptied", EmptiedTitle, EmptiedDetail, EmptiedNext, retry: false);
            }
        }));
        return app;
    }

    /// <summary>
    /// A small static page: it needs nothing from the database, the layout or the circuit. retry: the condition passes
    /// by itself (an outage), so the answer carries Retry-After and the page reloads itself.
    /// </summary>
    private static Task WriteAsync(HttpContext http, int status, string testId, string title, string detail, string moreHtml, bool retry)
    {
        http.Response.Clear();
        http.Response.StatusCode = status;
        if (retry) http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            {{(retry ? $"<meta http-equiv=\"refresh\" content=\"{RetryAfterSeconds * 3}\">" : "")}}<title>{{WebUtility.HtmlEncode(title)}} · GovernancePortal</title>
            <style>body{font-family:system-ui,sans-serif;margin:0;background:#f5f7fa;color:#1f2933}main{max-width:36rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}h1{font-size:1.4rem;margin-top:0}a{color:#1565c0}</style>
            </head><body><main data-testid="{{testId}}"><h1>{{WebUtility.HtmlEncode(title)}}</h1>
            <p>{{WebUtility.HtmlEncode(detail)}}</p><p>{{moreHtml}}</p>
            </main></body></html>
            """);
    }
}
