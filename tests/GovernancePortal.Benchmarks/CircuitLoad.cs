using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// Blazor Server load on a running portal (loopback only), with Playwright pages in one Chromium (/usr/bin/chromium).
/// 1. Idle: the portal's live managed heap (a gcdump, which runs a full collection first) and resident memory with no
///    circuit, then after opening circuits up to each count of CIRCUITS (e.g. 50,200) on the dashboard. Memory per idle
///    circuit is the slope between the last two counts, so one-time costs of the first renders (JIT, component and
///    MudBlazor caches) are left out; RSS also carries what the GC keeps reserved, so the heap slope is the figure.
/// 2. Active: every circuit clicks through inventory, a version's lineage graph, its AI Card and the approval inbox
///    (in-circuit navigation, <c>Blazor.navigateTo</c>, as a click on a link does) for SECONDS with THINK_MS between
///    clicks; an interaction's latency runs from the navigation to the page's title and its content (grid rows, the
///    graph's SVG) being on screen, measured by the driver and, for the same interactions, by the page itself.
/// Prints p50/p95/p99 latency, interactions/s, the portal's CPU (user+system from /proc over the phase) and load average.
/// All pages share one sign-in (its cookie): 200 password checks would measure PBKDF2 and the sign-in throttle.
/// usage: circuit-load URL EMAIL PASSWORD CIRCUITS[,CIRCUITS...] SECONDS PORTAL_PID VERSION_ID [THINK_MS]
/// </summary>
public static class CircuitLoad
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var (url, email, password, counts, seconds, pid, versionId) = (args[1].TrimEnd('/'), args[2], args[3], args[4].Split(',').Select(int.Parse).ToArray(), int.Parse(args[5]), int.Parse(args[6]), Guid.Parse(args[7]));
        var circuits = counts[^1];
        var think = args.Length > 8 ? int.Parse(args[8]) : 1_000;
        if (!new Uri(url).IsLoopback) throw new ArgumentException("The load driver only targets loopback addresses.");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            // One renderer process per page would make 200 pages 200 processes on 2 cores: the browser, not the portal,
            // would be measured. Pages of one site share a few renderers instead (each page keeps its own circuit).
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-renderer-backgrounding", "--renderer-process-limit=4", "--disable-site-isolation-trials",
                // 200 pages in one window: none may count as hidden, or its timers (and the wait below) would be throttled.
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"],
        });
        var state = await SignInAsync(browser, url, email, password);

        var pages = new List<IPage>();
        var context = await browser.NewContextAsync(new() { StorageState = state, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Patience.TotalMilliseconds);
        var memory = new IdleMemory(pid);
        await memory.MeasureAsync(0, "");
        foreach (var count in counts)
        {
            var open = Stopwatch.StartNew();
            var opened = new IPage[count - pages.Count];
            // A few at a time: 200 at once would measure the browser's start-up, not the portal.
            await Parallel.ForEachAsync(Enumerable.Range(0, opened.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(url + "/");
                await page.WaitForSelectorAsync("body[data-interactive=true]");
                opened[i] = page;
            });
            pages.AddRange(opened);
            await memory.MeasureAsync(pages.Count, $" (idle; {opened.Length} opened in {open.Elapsed.TotalSeconds:F0} s)");
        }
        memory.PrintPerCircuit();

        var steps = CircuitStep.ClickThrough(versionId);
        var latencies = new ConcurrentBag<double>();
        var pageLatencies = new ConcurrentBag<double>(); // the same interactions on the page's own clock
        long failures = 0;
        await PrintFramesAsync(pages[^1], "idle");
        var cpu0 = PortalProcess.CpuTicks(pid);
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var midway = Task.Delay(deadline / 2).ContinueWith(_ => PrintFramesAsync(pages[^1], "active")).Unwrap();
        await Task.WhenAll(pages.Select((page, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            await Task.Delay(random.Next(think)); // not all in step
            for (var step = i % steps.Length; clock.Elapsed < deadline; step = (step + 1) % steps.Length)
            {
                var (path, title, content, _) = steps[step];
                var started = Stopwatch.StartNew();
                try
                {
                    var inPage = await page.EvaluateAsync<double>(NavigateAndWait, new object?[] { path, title, content, Patience.TotalMilliseconds })
                        .WaitAsync(Patience + TimeSpan.FromSeconds(10));
                    latencies.Add(started.Elapsed.TotalMilliseconds);
                    pageLatencies.Add(inPage);
                }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
                {
                    Interlocked.Increment(ref failures);
                }
                await Task.Delay(think / 2 + random.Next(think));
            }
        })));
        await midway;
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (PortalProcess.CpuTicks(pid) - cpu0) / 100.0 / elapsed; // clock ticks are 1/100 s on Linux
        var sorted = latencies.Order().ToArray();
        double P(double q) => PortalProcess.Quantile(sorted, q);
        var inPageSorted = pageLatencies.Order().ToArray();
        double Q(double q) => PortalProcess.Quantile(inPageSorted, q);
        Console.WriteLine($"{circuits} active circuits, {elapsed:F0} s: {sorted.Length} interactions ({sorted.Length / elapsed:F1}/s), {failures} failed; " +
            $"latency p50={P(0.5):F0} ms p95={P(0.95):F0} ms p99={P(0.99):F0} ms (in the page: p50={Q(0.5):F0} p95={Q(0.95):F0}); " +
            $"portal CPU {cpu * 100:F0} % of one core; RSS {await PortalProcess.RssAsync(pid) / 1024.0:F1} MB; load={IngestLoad.LoadAverage()}");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// Navigates in the circuit and resolves, with the page's own elapsed time, once the title and content are there.
    /// A MutationObserver, not Playwright's default requestAnimationFrame polling: a waiting page then asks the browser for
    /// no frames (200 pages share 4 renderers and a software compositor), and the page's own clock gives the latency
    /// without the round trips through Playwright, so the two figures side by side show what the driver itself adds.
    /// </summary>
    private const string NavigateAndWait = """
        ([path, title, content, patience]) => new Promise((resolve, reject) => {
            const started = performance.now();
            const ready = () => document.title.startsWith(title) && (!content || document.querySelector(content) !== null);
            const observer = new MutationObserver(() => { if (ready()) done(); });
            const timer = setTimeout(() => { observer.disconnect(); reject(new Error('not on screen in time: ' + path)); }, patience);
            function done() { observer.disconnect(); clearTimeout(timer); resolve(performance.now() - started); }
            observer.observe(document, { subtree: true, childList: true, characterData: true });
            Blazor.navigateTo(path);
        })
        """;

    /// <summary>How often one page gets an animation frame: what requestAnimationFrame-polled waits are paced by.</summary>
    private static async Task PrintFramesAsync(IPage page, string phase)
    {
        var (visibility, fps) = (await page.EvaluateAsync<string>("() => document.visibilityState"), await page.EvaluateAsync<double>(
            "() => new Promise(r => { let n = 0; const t0 = performance.now(); const stop = () => r(n * 1000 / (performance.now() - t0)); " +
            "const f = () => { n++; if (performance.now() - t0 < 3000) requestAnimationFrame(f); else stop(); }; requestAnimationFrame(f); setTimeout(stop, 6000); })"));
        Console.WriteLine($"browser ({phase}): one page is {visibility}, {fps:F1} animation frames/s; load={IngestLoad.LoadAverage()}");
    }

    private static async Task<string> SignInAsync(IBrowser browser, string url, string email, string password)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url + "/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url + "/");
        return await context.StorageStateAsync();
    }
}
