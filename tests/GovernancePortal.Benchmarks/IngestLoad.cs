using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// Load driver for POST /api/v1/lineage on a running portal (loopback only): concurrent workers send
/// single events or batches for a fixed time and count what the server acknowledged (2xx). The run ids of
/// acknowledged events are written to a file so the caller can check that every one of them was stored.
/// <c>--realistic</c> sends what Spark, Airflow and dbt emit: each event reads one of 50 tables and writes one NEW output
/// dataset (otherwise: one input, no output). <c>--raw sqlite:FILE</c> or <c>--raw postgres:CONNECTION</c> then inserts the
/// same rows for as many events straight into the portal's database (<see cref="IngestRaw"/>), in the same run, so the two
/// rates are read side by side on the same machine load.
/// <c>--pid PID</c> adds the portal process's CPU time (user+sys from /proc) per acknowledged event: on shared cores the
/// events/s figure mostly measures the neighbours, the CPU the portal spent per event does not.
/// The driver's own CPU over the HTTP phase is printed beside it (driver_cpu_ms), so a reader can tell what was the portal's.
/// <c>--warm SECONDS</c> sends the same load for that long first, unmeasured, so the driver's own JIT warm-up is not
/// counted against the phase (its acknowledged events are written to the file with the others).
/// usage: ingest-load URL TOKEN SECONDS CONCURRENCY BATCH ACKED_FILE [--realistic] [--raw PROVIDER:TARGET] [--pid PID] [--warm SECONDS]
/// </summary>
public static class IngestLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (url, token, seconds, concurrency, batch, ackedFile) = (args[1], args[2], int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]), args[6]);
        var realistic = args.Contains("--realistic");
        var raw = args.SkipWhile(a => a != "--raw").Skip(1).FirstOrDefault();
        var pid = args.SkipWhile(a => a != "--pid").Skip(1).FirstOrDefault();
        if (!new Uri(url).IsLoopback) throw new ArgumentException("The load driver only targets loopback addresses.");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var warm = int.TryParse(args.SkipWhile(a => a != "--warm").Skip(1).FirstOrDefault(), out var w) ? w : 0;
        var acked = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        // The driver is a new process per phase: its own first seconds are JIT compilation on the cores the portal needs.
        // --warm sends the same load unmeasured first (its acknowledged events are still written out and checked).
        var warmFailed = warm > 0 ? await SendAsync(http, TimeSpan.FromSeconds(warm), concurrency, batch, realistic, acked, new(), seed: 1_000) : 0;
        var measured = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var cpuBefore = CpuMilliseconds(pid);
        // The driver shares the cores with the portal: its own CPU over the same phase says how much of them it took.
        var driverBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stop = Stopwatch.StartNew();
        var failed = await SendAsync(http, TimeSpan.FromSeconds(seconds), concurrency, batch, realistic, measured, latencies, seed: 0);
        var elapsed = stop.Elapsed.TotalSeconds;
        var cpu = CpuMilliseconds(pid) - cpuBefore;
        var driverCpu = (Process.GetCurrentProcess().TotalProcessorTime - driverBefore).TotalMilliseconds;
        await File.WriteAllLinesAsync(ackedFile, acked.Concat(measured).Select(g => g.ToString()));
        var sorted = latencies.Order().ToArray();
        var rate = measured.Count / elapsed;
        Console.WriteLine($"{(realistic ? "realistic" : "input-only")} batch={batch} concurrency={concurrency} seconds={elapsed:F1} acked_events={measured.Count} failed_requests={failed} " +
            $"events_per_s={rate:F0} p50_ms={sorted[sorted.Length / 2]:F1} p99_ms={sorted[(int)(sorted.Length * 0.99)]:F1} load={LoadAverage()}" +
            (pid is null ? "" : $" portal_cpu_ms={cpu:F0} cpu_ms_per_event={cpu / Math.Max(1, measured.Count):F3}") +
            $" driver_cpu_ms={driverCpu:F0} driver_cpu_ms_per_event={driverCpu / Math.Max(1, measured.Count):F3}");
        if (raw is not null)
        {
            var json = Event(Guid.NewGuid(), new Random(0), realistic).ToJsonString();
            var rawRate = await IngestRaw.RunAsync(raw, Math.Max(measured.Count, 2_000), realistic, json);
            Console.WriteLine($"raw insert of the same rows: events_per_s={rawRate:F0}; HTTP ingest = {100 * rate / rawRate:F0} % of raw; load={LoadAverage()}");
        }
        return failed + warmFailed == 0 ? 0 : 1;
    }

    /// <summary>Concurrent workers post events until <paramref name="duration"/> has passed; returns the requests that failed.</summary>
    private static async Task<long> SendAsync(HttpClient http, TimeSpan duration, int concurrency, int batch, bool realistic,
        System.Collections.Concurrent.ConcurrentBag<Guid> acked, System.Collections.Concurrent.ConcurrentBag<double> latencies, int seed)
    {
        long failed = 0;
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed + w);
            while (stop.Elapsed < duration)
            {
                var runs = Enumerable.Range(0, batch).Select(_ => Guid.NewGuid()).ToList();
                JsonNode body = batch == 1 ? Event(runs[0], random, realistic) : new JsonArray(runs.Select(r => (JsonNode)Event(r, random, realistic)).ToArray());
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await http.PostAsync("/api/v1/lineage", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    if (response.IsSuccessStatusCode) foreach (var r in runs) acked.Add(r);
                    else Interlocked.Increment(ref failed);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref failed); }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return failed;
    }

    /// <summary>The 1-minute load average (2 shared cores: read every figure against it).</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>User+system CPU time of a process so far (/proc/PID/stat fields 14 and 15, in clock ticks of 10 ms).</summary>
    private static double CpuMilliseconds(string? pid)
    {
        if (pid is null) return 0;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
    }

    internal static JsonObject Event(Guid runId, Random random, bool realistic) => new()
    {
        ["eventType"] = "COMPLETE", ["eventTime"] = DateTime.UtcNow.ToString("O"),
        ["producer"] = "https://example.invalid/load", ["schemaURL"] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        ["run"] = new JsonObject { ["runId"] = runId.ToString() },
        ["job"] = new JsonObject { ["namespace"] = "load", ["name"] = $"job-{random.Next(100)}" },
        ["inputs"] = new JsonArray(new JsonObject { ["namespace"] = "s3://load", ["name"] = $"table-{random.Next(50)}" }),
        // A new output per run, as a Spark job writing a dated partition or a dbt model's run-specific table does.
        ["outputs"] = realistic ? new JsonArray(new JsonObject { ["namespace"] = "s3://load", ["name"] = $"out/{runId:N}" }) : new JsonArray(),
    };
}
