using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Features.Monitoring;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// Load driver for POST /api/v1/observations on a running portal (loopback only): concurrent workers each send batches of
/// observations (every observation a fresh minute window with SAMPLES numbers for "score" and for "amount") for a fixed
/// time and count the samples the server acknowledged (2xx).
/// usage: observation-load URL TOKEN SECONDS CONCURRENCY ENDPOINT ENVIRONMENT OBSERVATIONS_PER_CALL SAMPLES_PER_NAME
/// And: sketch-size — the stored bytes of one window's sketch for typical sample counts (the sizing in ADR 0037).
/// </summary>
public static class ObservationLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (url, token, seconds, concurrency) = (args[1], args[2], int.Parse(args[3]), int.Parse(args[4]));
        var (endpoint, environment, perCall, samples) = (args[5], args[6], int.Parse(args[7]), int.Parse(args[8]));
        if (!new Uri(url).IsLoopback) throw new ArgumentException("The load driver only targets loopback addresses.");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        long ackedSamples = 0, failed = 0;
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var stop = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var run = Guid.NewGuid().ToString("N")[..8];
        // Each worker walks its own minutes backwards from a day ago, so no two requests share a window.
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var minute = new DateTime(DateTime.UtcNow.Ticks - DateTime.UtcNow.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddDays(-1).AddMinutes(-w * 1_000_000);
            var n = 0;
            while (stop.Elapsed < deadline)
            {
                var observations = new List<object>();
                for (var i = 0; i < perCall; i++, n++)
                {
                    var from = minute.AddMinutes(-n);
                    observations.Add(new
                    {
                        id = $"load-{run}-{w}-{n}", endpoint, environment, window = new { from, to = from.AddMinutes(1) },
                        samples = new Dictionary<string, double[]>
                        {
                            ["score"] = Enumerable.Range(0, samples).Select(_ => random.NextDouble()).ToArray(),
                            ["amount"] = Enumerable.Range(0, samples).Select(_ => Math.Exp(3.6 + random.NextDouble())).ToArray(),
                        },
                    });
                }
                var body = JsonSerializer.SerializeToUtf8Bytes(new { observations });
                var clock = Stopwatch.StartNew();
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("/api/v1/observations", content);
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    if (response.IsSuccessStatusCode) Interlocked.Add(ref ackedSamples, 2L * samples * perCall);
                    else { Interlocked.Increment(ref failed); Console.Error.WriteLine($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"); }
                }
                catch (HttpRequestException) { Interlocked.Increment(ref failed); }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = stop.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"observations_per_call={perCall} samples_per_name={samples} concurrency={concurrency} seconds={elapsed:F1} requests={sorted.Length} " +
            $"acked_samples={ackedSamples} failed_requests={failed} samples_per_s={ackedSamples / elapsed:F0} " +
            $"p50_ms={(sorted.Length > 0 ? sorted[sorted.Length / 2] : 0):F1} p99_ms={(sorted.Length > 0 ? sorted[(int)(sorted.Length * 0.99)] : 0):F1}");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Serialized size of one window's sketch for a score in [0, 1] and a log-normal amount, per sample count.</summary>
    public static void SketchSizes()
    {
        var random = new Random(1);
        foreach (var n in new[] { 60, 1_000, 1_001, 10_000, 100_000, 1_000_000 })
        {
            var score = new ValueSketch();
            var amount = new ValueSketch();
            for (var i = 0; i < n; i++)
            {
                score.Add(random.NextDouble());
                amount.Add(Math.Round(Math.Exp(3.6 + 0.8 * (random.NextDouble() * 2 - 1) * 2), 2));
            }
            Console.WriteLine($"samples={n} score_bytes={score.ToBytes().Length} amount_bytes={amount.ToBytes().Length}");
        }
    }
}
