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
                app.Logger.LogWarning(ex, "Database unavailable ({Kind}) for {Method} {Path}", kind, http.Request.Method, http.Request.Path);
                http.Response.Clear();
                http.Response.StatusCode = StatusCode(kind);
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(Page(kind));
            }
        }));
        return app;
    }

    private static string Page(OutageKind kind) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="{{RetryAfterSeconds * 3}}"><title>{{WebUtility.HtmlEncode(Title(kind))}} · GovernancePortal</title>
        <style>body{font-family:system-ui,sans-serif;margin:0;background:#f5f7fa;color:#1f2933}main{max-width:36rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}h1{font-size:1.4rem;margin-top:0}a{color:#1565c0}</style>
        </head><body><main data-testid="database-unavailable"><h1>{{WebUtility.HtmlEncode(Title(kind))}}</h1>
        <p>{{WebUtility.HtmlEncode(Detail(kind))}}</p><p>What was saved before is kept. This page tries again by itself; or <a href="">reload now</a>.</p>
        </main></body></html>
        """;
}
