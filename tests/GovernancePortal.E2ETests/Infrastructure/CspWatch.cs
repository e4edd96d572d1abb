using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace GovernancePortal.E2ETests.Infrastructure;

/// <summary>
/// Collects Content-Security-Policy violations a browser context reports: the securitypolicyviolation events of every
/// document (an init script, which CSP does not govern) and the console's "Refused to ..." messages.
/// </summary>
public sealed class CspWatch
{
    private const string Listener = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
            `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || location.pathname}:${e.lineNumber}`));
        """;

    private readonly ConcurrentQueue<string> console = new();

    public static async Task<CspWatch> AttachAsync(IBrowserContext context)
    {
        var watch = new CspWatch();
        await context.AddInitScriptAsync(Listener);
        context.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.StartsWith("Refused to", StringComparison.Ordinal))
                watch.console.Enqueue($"{m.Page?.Url}: {m.Text}");
        };
        return watch;
    }

    /// <summary>Violations of the page's current document plus every console report so far.</summary>
    public async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        var events = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        return events.Select(e => $"{page.Url}: {e}").Concat(console).Distinct().ToList();
    }
}
