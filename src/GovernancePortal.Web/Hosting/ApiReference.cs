using Scalar.AspNetCore;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// The interactive API reference at /api/reference (Scalar), served self-contained: its script bundle comes from
/// the portal, nothing is fetched from another host (no CDN fonts, no telemetry, no AI agent or MCP offers that send
/// the API description elsewhere), its start-up script carries the response's CSP nonce, and a link leads home.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api/reference";

    /// <summary>Shown above the reference; plain HTML (Scalar renders it after &lt;body&gt;).</summary>
    private const string HomeLink =
        """<nav class="gp-home" style="padding:8px 16px;border-bottom:1px solid #8884;font:14px system-ui,sans-serif"><a href="/" id="gp-home-link">&#8592; Back to GovernancePortal</a></nav>""";

    /// <summary>
    /// Scalar's bundle probes whether it may compile code (Zod's <c>try { Function("") }</c>) and falls back to
    /// interpreting when it may not. Under the CSP (no 'unsafe-eval') the browser would report every probe as a
    /// violation; this answers the probe with the refusal itself, before the bundle loads, so nothing is reported
    /// and nothing is compiled either way.
    /// </summary>
    private const string RefuseCodeFromStrings =
        "(() => { const refuse = () => { throw new EvalError('code from strings is disabled on this page (CSP)'); };" +
        " globalThis.Function = new Proxy(Function, { apply: refuse, construct: refuse }); })();";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, (o, context) => o
            .WithTitle("GovernancePortal API")
            .WithNonce(SecurityHeaders.Nonce(context))
            .AddHeadContent($"<script nonce=\"{SecurityHeaders.Nonce(context)}\">{RefuseCodeFromStrings}</script>")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()
            .AddHeaderContent(HomeLink));
}
