using System.Diagnostics;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Data.Instances;
using GovernancePortal.Core.Features.Promotions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GovernancePortal.Benchmarks;

/// <summary>
/// Several instances on one PostgreSQL (ADR 0043, docs/reliability.md "Several instances"), measured on a scratch
/// database of the server given:
/// <list type="bullet">
/// <item>NOTIFY latency: an event published on one instance until the other's subscriber runs (ROUNDS times).</item>
/// <item>Lease takeover: the holder is a separate process killed with SIGKILL; the standby asks every
/// <c>RunnerLease:RetrySeconds</c> (2 s) as the runners do; time from the kill until it holds.</item>
/// </list>
/// Usage: <c>instances "Host=127.0.0.1;Port=55455;Username=postgres" [ROUNDS]</c>. <c>lease-hold CS</c> is the child.
/// </summary>
public static class InstanceLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = args[1];
        var rounds = args.Length > 2 ? int.Parse(args[2]) : 200;
        var name = $"gp_bench_instances_{Environment.ProcessId}";
        await AdminAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await AdminAsync(server, $"CREATE DATABASE \"{name}\"");
        var database = GovernanceDatabase.Postgres(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        try
        {
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}  cores: {Environment.ProcessorCount}");
            await NotifyLatencyAsync(database, rounds);
            await TakeoverAsync(database, Math.Max(3, rounds / 40));
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task NotifyLatencyAsync(GovernanceDatabase database, int rounds)
    {
        var (aId, bId) = (new PortalInstance(), new PortalInstance());
        await using var aSend = new PostgresPeerBroadcast(database, aId, NullLogger<PostgresPeerBroadcast>.Instance);
        await using var bSend = new PostgresPeerBroadcast(database, bId, NullLogger<PostgresPeerBroadcast>.Instance);
        var a = new PromotionEvents(aSend);
        var b = new PromotionEvents(bSend);
        using var listener = new PostgresPeerListener(database, bId, new RegisterSignal(bSend), b, NullLogger<PostgresPeerListener>.Instance);
        await listener.StartAsync(default);
        await listener.Listening;
        var waiting = new Dictionary<Guid, TaskCompletionSource>();
        b.Changed += id => { lock (waiting) if (waiting.TryGetValue(id, out var t)) t.TrySetResult(); };
        var times = new List<double>();
        for (var i = 0; i < rounds + 10; i++)
        {
            var id = Guid.NewGuid();
            var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (waiting) waiting[id] = heard;
            var clock = Stopwatch.StartNew();
            a.Publish(id);
            await heard.Task.WaitAsync(TimeSpan.FromSeconds(60));
            if (i >= 10) times.Add(clock.Elapsed.TotalMilliseconds); // the first ten warm the pool and the JIT
        }
        await listener.StopAsync(default);
        times.Sort();
        Console.WriteLine($"notify latency over {times.Count} events (publish on A -> subscriber on B): median {Pct(times, 50):F1} ms, p95 {Pct(times, 95):F1} ms, max {times[^1]:F1} ms");
    }

    private static async Task TakeoverAsync(GovernanceDatabase database, int rounds)
    {
        var options = Options.Create(new RunnerLeaseOptions());
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            using var holder = Process.Start(new ProcessStartInfo("dotnet", [typeof(InstanceLoad).Assembly.Location, "lease-hold", database.ConnectionString])
            {
                RedirectStandardOutput = true,
            })!;
            var line = await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
            if (line != "held") throw new InvalidOperationException($"the holder process said '{line}'");
            await using var standby = new PostgresRunnerLease(database, options, NullLogger<PostgresRunnerLease>.Instance);
            if (await standby.HoldAsync(default)) throw new InvalidOperationException("two holders");
            // The standby asks on its own rhythm (every RetryInterval, as the runners do); the holder dies at a random
            // moment within it.
            var sinceAsk = Stopwatch.StartNew();
            await Task.Delay(Random.Shared.Next((int)standby.RetryInterval.TotalMilliseconds));
            var clock = Stopwatch.StartNew();
            holder.Kill();
            while (true)
            {
                var wait = standby.RetryInterval - sinceAsk.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                sinceAsk.Restart();
                if (await standby.HoldAsync(default)) break;
            }
            times.Add(clock.Elapsed.TotalMilliseconds);
            await holder.WaitForExitAsync();
        }
        times.Sort();
        Console.WriteLine($"lease takeover after SIGKILL of the holder process ({times.Count} rounds, standby asks every {options.Value.RetrySeconds} s): median {Pct(times, 50):F0} ms, max {times[^1]:F0} ms");
    }

    /// <summary>The child process: takes the lease, says so, and waits to be killed.</summary>
    public static async Task HoldAsync(string connectionString)
    {
        var lease = new PostgresRunnerLease(GovernanceDatabase.Postgres(connectionString), Options.Create(new RunnerLeaseOptions()), NullLogger<PostgresRunnerLease>.Instance);
        while (!await lease.HoldAsync(default)) await Task.Delay(100);
        Console.WriteLine("held");
        await Task.Delay(Timeout.Infinite);
    }

    private static double Pct(List<double> sorted, int p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
