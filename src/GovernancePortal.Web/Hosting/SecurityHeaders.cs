using System.Security.Cryptography;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// Headers on every response; the one place that decides the Content-Security-Policy (ADR 0017).
/// Scripts come from the portal itself only; the single inline script a page may carry (Blazor's import map, the API
/// reference's start-up module) must present this response's nonce, so an injected script cannot run. Styles
/// allow inline because Blazor and MudBlazor set style attributes and render theme variables in a style element;
/// no 'unsafe-eval' (Blazor Server does not need it). The rest stops what sanitised user Markdown could still
/// attempt: posting a look-alike form elsewhere, loading tracking images, framing the portal.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "gp.csp-nonce";

    /// <summary>One year, subdomains excluded: the portal is often one host among others of the organisation.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>The policy for a response whose inline scripts carry <paramref name="nonce"/>.</summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

    /// <summary>This request's script nonce, to put on an inline script element (nonce="...").</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceItem] is not string nonce)
            context.Items[NonceItem] = nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        return nonce;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var nonce = Nonce(context);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            // Only over HTTPS (RFC 6797 §7.2: browsers ignore it on plain HTTP). Behind a TLS-terminating proxy,
            // enable forwarded headers so the request is seen as HTTPS.
            if (context.Request.IsHttps)
                headers.StrictTransportSecurity = StrictTransportSecurity;
            return Task.CompletedTask;
        });
        await next();
    });
}
