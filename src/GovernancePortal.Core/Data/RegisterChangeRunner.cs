using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Work that follows register changes in the background (the findings engine, promotion revalidation). Runs in a
/// fresh DI scope, in registration order. <paramref name="changes"/> is null for a periodic full pass (time-based
/// conditions: expiring tokens, ageing evidence).
/// </summary>
public interface IRegisterChangeConsumer
{
    string Name { get; }
    bool Wants(RegisterChange change);
    Task HandleAsync(IServiceProvider scope, IReadOnlyList<RegisterChange>? changes, CancellationToken ct);
}

/// <summary>
/// Who may run background work (the findings runner, webhook delivery, retention, audit checkpoints): one instance at a
/// time. In-process on SQLite (one instance); on PostgreSQL an advisory lock elects one instance among several
/// (<see cref="Instances.PostgresRunnerLease"/>, ADR 0043) without touching the runners or their consumers.
/// </summary>
public interface IRunnerLease
{
    /// <summary>True while this instance holds the lease (acquiring or renewing it when free).</summary>
    Task<bool> HoldAsync(CancellationToken ct);

    /// <summary>How often a runner on standby asks again; bounds how long the work waits after its holder dies.</summary>
    TimeSpan RetryInterval => TimeSpan.FromSeconds(2);
}

public sealed class InProcessRunnerLease : IRunnerLease
{
    public Task<bool> HoldAsync(CancellationToken ct) => Task.FromResult(true);
}

public sealed class RegisterChangeOptions
{
    public const string Section = "Findings";
    /// <summary>Changes within this window are handled together (ingest at thousands of events/s).</summary>
    public int DebounceMilliseconds { get; set; } = 250;
    /// <summary>A full pass this often (and once at start), for conditions that time alone makes true.</summary>
    public int FullEvaluationMinutes { get; set; } = 60;
    /// <summary>
    /// After a pass that took T, the next starts no sooner than this many times T after it ended: under steady ingest
    /// back-to-back passes then take at most 1/(1+k) of the time while k·T is under the cap (ADR 0074). Off (0) by
    /// default: on the ingest rigs it halved nothing (an incremental pass costs per change, so fewer, larger passes
    /// cost the same) and made the slowest findings later; it pays where a pass has a large fixed cost.
    /// </summary>
    public double PassSpacingFactor { get; set; } = 0;
    /// <summary>The spacing never exceeds this, so a finding is at most this much later than the passes themselves make it.</summary>
    public int MaxPassSpacingMilliseconds { get; set; } = 1_000;

    /// <summary>How long to wait, once a change arrived, before the next pass: the debounce, or the spacing the last pass still asks for.</summary>
    public TimeSpan WaitBeforePass(TimeSpan lastPass, TimeSpan sinceLastPass)
    {
        var debounce = TimeSpan.FromMilliseconds(Math.Max(0, DebounceMilliseconds));
        var spacing = TimeSpan.FromMilliseconds(Math.Min(lastPass.TotalMilliseconds * Math.Max(0, PassSpacingFactor), Math.Max(0, MaxPassSpacingMilliseconds)));
        var left = spacing - sinceLastPass;
        return left > debounce ? left : debounce;
    }
}

/// <summary>
/// The one hosted runner: subscribes to <see cref="RegisterSignal"/>, coalesces bursts, and hands the changes to each
/// consumer that wants them. Nobody requests a check by hand; a write is enough.
/// </summary>
public sealed class RegisterChangeRunner(
    RegisterSignal signal, IEnumerable<IRegisterChangeConsumer> consumers, IRunnerLease lease, IServiceScopeFactory scopes,
    IOptions<RegisterChangeOptions> options, ILogger<RegisterChangeRunner> logger) : BackgroundService
{
    private readonly object gate = new();
    private List<RegisterChange> queued = [];
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly IReadOnlyList<IRegisterChangeConsumer> consumers = consumers.ToList();

    private void OnChanged(IReadOnlyList<RegisterChange> changes)
    {
        lock (gate) queued.AddRange(changes);
        if (wake.CurrentCount == 0) try { wake.Release(); } catch (SemaphoreFullException) { }
    }

    public override Task StartAsync(CancellationToken ct)
    {
        signal.Changed += OnChanged;
        return base.StartAsync(ct);
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        signal.Changed -= OnChanged;
        await base.StopAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromMinutes(Math.Max(1, options.Value.FullEvaluationMinutes));
        var sinceFull = Stopwatch.StartNew();
        var fullDue = true; // once at start: conditions may have arisen while the portal was down
        var standby = false;
        var (lastPass, sinceLastPass) = (TimeSpan.Zero, Stopwatch.StartNew());
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!fullDue)
            {
                var left = every - sinceFull.Elapsed;
                // On standby, ask the lease again soon: when the holder dies, this instance takes over within seconds.
                var wait = standby && left > lease.RetryInterval ? lease.RetryInterval : left;
                if (wait > TimeSpan.Zero && await wake.WaitAsync(wait, stoppingToken))
                    await Task.Delay(options.Value.WaitBeforePass(lastPass, sinceLastPass.Elapsed), stoppingToken);
                fullDue = sinceFull.Elapsed >= every;
            }
            List<RegisterChange> batch;
            lock (gate) (batch, queued) = (queued, []);
            if (!fullDue && batch.Count == 0 && !standby) continue;
            if (!await lease.HoldAsync(stoppingToken))
            {
                // Another instance evaluates (it hears every instance's changes); its findings land in the same database.
                standby = true;
                fullDue = false;
                sinceFull.Restart();
                continue;
            }
            // Just taken over: the previous holder may have died with changes queued, so look at everything once.
            if (standby) (standby, fullDue) = (false, true);
            if (fullDue) sinceFull.Restart();
            var pass = Stopwatch.StartNew();
            await DispatchAsync(fullDue ? null : batch, stoppingToken);
            (lastPass, fullDue) = (pass.Elapsed, false);
            sinceLastPass.Restart();
        }
    }

    private async Task DispatchAsync(IReadOnlyList<RegisterChange>? changes, CancellationToken ct)
    {
        foreach (var consumer in consumers)
        {
            var wanted = changes?.Where(consumer.Wants).ToList();
            if (wanted is { Count: 0 }) continue;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await consumer.HandleAsync(scope.ServiceProvider, wanted, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Consumer} failed on {Count} change(s)", consumer.Name, changes?.Count ?? -1);
            }
        }
    }
}
