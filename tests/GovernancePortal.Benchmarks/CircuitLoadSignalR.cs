using System.Collections.Concurrent;
using System.Diagnostics;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// The circuit load of <see cref="CircuitLoad"/> without a browser: each circuit is a <see cref="BlazorCircuit"/> that
/// speaks Blazor Server's hub protocol, so 200 circuits cost the driver a few percent of a core and the figures
/// describe the portal (Chromium on 2 cores managed 0.1-0.5 animation frames a second per page, docs/reliability.md).
/// Same phases, steps (<see cref="CircuitStep"/>), sign-in sharing and memory figures (<see cref="IdleMemory"/>); an
/// interaction runs from sending the navigation to the render batch that completes the step's texts, per step.
/// usage: circuit-load-signalr URL EMAIL PASSWORD CIRCUITS[,CIRCUITS...] SECONDS PORTAL_PID VERSION_ID [THINK_MS]
///        circuit-probe URL EMAIL PASSWORD VERSION_ID [ROUNDS]   (one circuit: each step's latency, then a wrong text
///        must fail within 15 s; GP_CIRCUIT_TRACE=1 prints every batch's readable strings and every JS interop call)
/// </summary>
public static class CircuitLoadSignalR
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var (baseUri, email, password) = (Loopback(args[1]), args[2], args[3]);
        var (counts, seconds, pid, versionId) = (args[4].Split(',').Select(int.Parse).ToArray(), int.Parse(args[5]), int.Parse(args[6]), Guid.Parse(args[7]));
        var think = args.Length > 8 ? int.Parse(args[8]) : 1_000;
        var (http, cookies) = await BlazorPage.SignInAsync(baseUri, email, password);
        using var _ = http;
        var circuits = new ConcurrentBag<BlazorCircuit>();
        var memory = new IdleMemory(pid);
        await memory.MeasureAsync(0, "");
        long openFailures = 0;
        foreach (var count in counts)
        {
            var open = Stopwatch.StartNew();
            var (driver0, portal0) = (DriverCpu(), PortalProcess.CpuTicks(pid));
            // A few at a time, as the browser driver opens its pages.
            await Parallel.ForEachAsync(Enumerable.Range(circuits.Count, count - circuits.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            {
                try { circuits.Add(await BlazorCircuit.OpenAsync(http, cookies, baseUri, Patience)); }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    if (Interlocked.Increment(ref openFailures) <= 3) Console.WriteLine($"open failed: {ex.Message}");
                }
            });
            Console.WriteLine($"opened {circuits.Count} circuits in {open.Elapsed.TotalSeconds:F0} s ({openFailures} failed); " +
                $"driver CPU {DriverCpu() - driver0:F1} s, portal CPU {(PortalProcess.CpuTicks(pid) - portal0) / 100.0:F1} s");
            await memory.MeasureAsync(circuits.Count, " (idle)");
        }
        memory.PrintPerCircuit();

        var steps = CircuitStep.ClickThrough(versionId);
        var latencies = steps.Select(_ => new ConcurrentBag<double>()).ToArray();
        var failed = new ConcurrentQueue<string>();
        var (cpu0, driverCpu0, batches0, bytes0, interop0) = (PortalProcess.CpuTicks(pid), DriverCpu(), BlazorCircuit.Batches, BlazorCircuit.BatchBytes, BlazorCircuit.InteropCalls);
        var sched0 = PortalProcess.SchedSeconds(pid);
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(circuits.Select((circuit, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            await Task.Delay(random.Next(think)); // not all in step
            for (var step = i % steps.Length; clock.Elapsed < deadline; step = (step + 1) % steps.Length)
            {
                try { latencies[step].Add((await circuit.NavigateAsync(steps[step].Path, steps[step].Texts, Patience)).TotalMilliseconds); }
                catch (Exception ex) when (ex is not OutOfMemoryException) { failed.Enqueue(ex.Message); }
                await Task.Delay(think / 2 + random.Next(think));
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var portalCpu = (PortalProcess.CpuTicks(pid) - cpu0) / 100.0 / elapsed;
        var driverCpu = (DriverCpu() - driverCpu0) / elapsed;
        var sched = PortalProcess.SchedSeconds(pid);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        for (var s = 0; s < steps.Length; s++) Console.WriteLine($"  {steps[s].Title,-15} {Summary(latencies[s].Order().ToArray())}");
        Console.WriteLine($"  portal threads: {(sched.OnCpu - sched0.OnCpu) / elapsed:F2} CPUs' worth on a CPU, {(sched.Runnable - sched0.Runnable) / elapsed:F2} runnable but waiting for one");
        foreach (var reason in failed.GroupBy(r => r).OrderByDescending(g => g.Count()).Take(5)) Console.WriteLine($"  failed {reason.Count()}x: {reason.Key}");
        Console.WriteLine($"{circuits.Count} active circuits, {elapsed:F0} s: {all.Length} interactions ({all.Length / elapsed:F1}/s), {failed.Count} failed; " +
            $"{Summary(all)}; portal CPU {portalCpu * 100:F0} % of one core, driver CPU {driverCpu * 100:F0} %; " +
            $"{(BlazorCircuit.Batches - batches0) / elapsed:F0} render batches/s ({(BlazorCircuit.BatchBytes - bytes0) / 1024.0 / elapsed:F0} KB/s), " +
            $"{(BlazorCircuit.InteropCalls - interop0) / elapsed:F0} JS calls/s; RSS {await PortalProcess.RssAsync(pid) / 1024.0:F1} MB; load={IngestLoad.LoadAverage()}");
        foreach (var circuit in circuits) await circuit.DisposeAsync();
        return failed.IsEmpty && openFailures == 0 ? 0 : 1;
    }

    /// <summary>
    /// One circuit, each step ROUNDS times within a minute each (the latency the load's figures must be compared with at one circuit), then
    /// the first step with a text no page renders: that interaction must fail within its 15 s, not hang.
    /// </summary>
    public static async Task<int> ProbeAsync(string[] args)
    {
        var (baseUri, email, password, versionId) = (Loopback(args[1]), args[2], args[3], Guid.Parse(args[4]));
        var rounds = args.Length > 5 ? int.Parse(args[5]) : 3;
        Action<string>? trace = Environment.GetEnvironmentVariable("GP_CIRCUIT_TRACE") == "1" ? line => Console.WriteLine($"    {line}") : null;
        var (http, cookies) = await BlazorPage.SignInAsync(baseUri, email, password);
        using var _ = http;
        var open = Stopwatch.StartNew();
        await using var circuit = await BlazorCircuit.OpenAsync(http, cookies, baseUri, Patience, trace);
        Console.WriteLine($"circuit open in {open.ElapsedMilliseconds} ms ({BlazorCircuit.Batches} batches, {BlazorCircuit.InteropCalls} JS calls)");
        var steps = CircuitStep.ClickThrough(versionId);
        for (var round = 1; round <= rounds; round++)
            foreach (var step in steps)
                Console.WriteLine($"round {round} {step.Path}: {(await circuit.NavigateAsync(step.Path, step.Texts, TimeSpan.FromMinutes(1))).TotalMilliseconds:F0} ms");
        var wrong = steps[0].Texts.Append("no page renders this 7f3a").ToArray();
        var waited = Stopwatch.StartNew();
        try
        {
            await circuit.NavigateAsync(steps[0].Path, wrong, TimeSpan.FromSeconds(15));
            Console.WriteLine("a wrong expected text passed: the check is broken");
            return 1;
        }
        catch (TimeoutException ex)
        {
            Console.WriteLine($"wrong text failed after {waited.Elapsed.TotalSeconds:F1} s, as it must: {ex.Message}");
            return 0;
        }
    }

    private static Uri Loopback(string url)
    {
        var uri = new Uri(url.TrimEnd('/') + "/");
        return uri.IsLoopback ? uri : throw new ArgumentException("The load driver only targets loopback addresses.");
    }

    private static double DriverCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string Summary(double[] sorted) =>
        $"n={sorted.Length} p50={PortalProcess.Quantile(sorted, 0.5):F0} ms p95={PortalProcess.Quantile(sorted, 0.95):F0} ms p99={PortalProcess.Quantile(sorted, 0.99):F0} ms";
}
