using System.Diagnostics;
using GovernancePortal.Core;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Lineage.OpenLineage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// The OpenLineage writer alone, in process, without HTTP or a load driver sharing the cores: CONCURRENCY callers each
/// hand the writer BATCH realistic events (the events of <see cref="IngestLoad"/>'s --realistic) and wait for the commit,
/// for SECONDS after a warm-up. What the writer's group cycle costs is then all that is measured (ADR 0079).
/// usage: writer-load DB_FILE|postgres:CONNECTION SECONDS CONCURRENCY BATCH [WARM_SECONDS=25]
/// The warm-up is long because the JIT keeps recompiling hot methods for the first ~20 s: in a perf profile taken 3-11 s
/// into a PostgreSQL singles run, 30 % of the process's samples were the JIT. A shorter one measures the compiler (ADR 0077).
/// DB_FILE must hold the portal's schema (e.g. made by `GovernancePortal.Web.dll create-user`).
/// </summary>
public static class WriterLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (file, seconds, concurrency, batch) = (args[1], double.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]));
        var warm = args.Length > 5 ? double.Parse(args[5]) : 25;
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                // Settings as the portal reads them from its environment, e.g. Sqlite__RestartAfterFrames.
                .AddInMemoryCollection(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                    .Select(e => KeyValuePair.Create(((string)e.Key).Replace("__", ":"), (string?)e.Value))).Build());
        // Resolving the hosted services builds every one of them; the webhook dispatcher needs data protection.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetTempPath(), "writer-load-keys")));
        // DB_FILE, or postgres:CONNECTION_STRING for a migrated PostgreSQL database.
        var database = file.StartsWith("postgres:") ? GovernanceDatabase.Postgres(file["postgres:".Length..]) : GovernanceDatabase.Sqlite($"Data Source={file}");
        await using var provider = services.AddGovernanceCore(database).BuildServiceProvider();
        // Only the writer and the SQLite checkpointer run, as in the portal.
        var hosted = provider.GetServices<IHostedService>().Where(s => s is OpenLineageWriter or Core.Data.Sqlite.WalCheckpointer).ToList();
        foreach (var s in hosted) await s.StartAsync(CancellationToken.None);
        var writer = provider.GetRequiredService<OpenLineageWriter>();
        var caller = Caller.Service("writer-load", ["lineage:write"]);
        await SendAsync(writer, caller, TimeSpan.FromSeconds(warm), concurrency, batch, seed: 1_000);
        var clock = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var written0 = WrittenBytes();
        var machine0 = MachineTicks();
        var events = await SendAsync(writer, caller, TimeSpan.FromSeconds(seconds), concurrency, batch, seed: 0);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        var machine = MachineTicks().Zip(machine0, (b, a) => b - a).ToArray();
        Console.WriteLine($"writer batch={batch} concurrency={concurrency} seconds={elapsed:F1} events={events} events_per_s={events / elapsed:F0} " +
            $"cpu_ms_per_event={cpu / events:F3} written_kb_per_event={(WrittenBytes() - written0) / 1024.0 / events:F1} load={IngestLoad.LoadAverage()} " +
            // Every process's CPU (the database's too), and the time the host lent the cores away (steal).
            $"machine_cpu_ms_per_event={(machine[0] + machine[1] + machine[2]) * 10.0 / events:F3} steal_pct={100.0 * machine[7] / machine.Sum():F0}");
        foreach (var s in hosted) await s.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>The machine's CPU ticks (10 ms) so far: user nice system idle iowait irq softirq steal (/proc/stat).</summary>
    private static long[] MachineTicks() => File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9].Select(long.Parse).ToArray();

    /// <summary>Bytes this process has written to storage so far (/proc/self/io): the WAL and the checkpoints' copies.</summary>
    private static long WrittenBytes() =>
        File.ReadLines("/proc/self/io").Where(l => l.StartsWith("write_bytes:")).Select(l => long.Parse(l[12..])).FirstOrDefault();

    private static async Task<long> SendAsync(OpenLineageWriter writer, Caller caller, TimeSpan duration, int concurrency, int batch, int seed)
    {
        long events = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed + w);
            while (stop.Elapsed < duration)
            {
                var parsed = Enumerable.Range(0, batch).Select(_ => OpenLineageMapping.Parse(IngestLoad.Event(Guid.NewGuid(), random, realistic: true)).Event!).ToList();
                var result = await writer.WriteAsync(caller, parsed, CancellationToken.None);
                if (!result.Succeeded) throw new InvalidOperationException(result.Error!.Message);
                Interlocked.Add(ref events, batch);
            }
        })));
        return events;
    }
}
