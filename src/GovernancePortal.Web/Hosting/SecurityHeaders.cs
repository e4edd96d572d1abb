namespace GovernancePortal.Web.Hosting;

/// <summary>
/// Headers on every response. The CSP is deliberately narrow (Blazor and MudBlazor need inline styles and their own
/// scripts): it stops what sanitised user Markdown could still attempt (posting a look-alike form elsewhere, loading
/// tracking images, framing the portal) without breaking the UI.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "form-action 'self'; img-src 'self' data: blob:; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}
