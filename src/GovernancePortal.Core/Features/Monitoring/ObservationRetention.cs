using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// Keeps storage bounded (ADR 0037): minute windows older than <see cref="MonitoringOptions.MinuteRetentionDays"/> are
/// merged into hour windows, hour windows older than <see cref="MonitoringOptions.HourRetentionDays"/> and receipts older
/// than the minute retention are deleted. Idempotent: a crash between passes loses nothing (the roll-up and the delete
/// of its minutes commit together).
/// </summary>
public sealed class ObservationRetention(IDbContextFactory<GovernanceDbContext> dbFactory, IOptions<MonitoringOptions> options, TimeProvider time)
{
    public static readonly Actor RetentionActor = Actor.System("observation-retention");
    private const int HoursPerPass = 200;

    /// <summary>
    /// The oldest minute a window may start in (the one owner): older minutes are rolled up into hours, so ingest refuses
    /// windows before it (a late minute must never land in an hour already rolled up), and receipts older than it go.
    /// </summary>
    public static DateTime Cutoff(MonitoringOptions o, DateTime now) => WindowAlignment.HourOf(now.AddDays(-Math.Max(1, o.MinuteRetentionDays)));

    public sealed record Summary(int HoursRolledUp, int MinuteRowsRolled, int HourRowsDeleted, int ReceiptsDeleted);

    // One pass at a time in this process: two passes would both fold the same minutes into a new hour row (a unique
    // violation on PostgreSQL). Across instances the scheduler runs behind the runner lease.
    private static readonly SemaphoreSlim OnePass = new(1, 1);

    public async Task<Summary> RunAsync(CancellationToken ct = default)
    {
        await OnePass.WaitAsync(ct);
        try { return await PassAsync(ct); }
        finally { OnePass.Release(); }
    }

    private async Task<Summary> PassAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var o = options.Value;
        // Only whole hours are rolled up, so an hour row never receives a late minute after it was written.
        var minuteCutoff = Cutoff(o, now);
        int hours = 0, minutes = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Actor = RetentionActor;
            var old = await db.ObservationWindows
                .Where(w => w.Resolution == WindowResolution.Minute && w.WindowStart < minuteCutoff)
                .OrderBy(w => w.WindowStart).Take(HoursPerPass * 60).ToListAsync(ct);
            if (old.Count == 0) break;
            var groups = old.GroupBy(w => (w.EndpointId, w.Kind, w.Name, Hour: WindowAlignment.HourOf(w.WindowStart))).ToList();
            var starts = groups.Select(g => g.Key.Hour).Distinct().ToList();
            var endpointIds = groups.Select(g => g.Key.EndpointId).Distinct().ToList();
            var existing = (await db.ObservationWindows
                    .Where(w => w.Resolution == WindowResolution.Hour && endpointIds.Contains(w.EndpointId) && starts.Contains(w.WindowStart)).ToListAsync(ct))
                .ToDictionary(w => (w.EndpointId, w.Kind, w.Name, Hour: w.WindowStart));
            foreach (var g in groups)
            {
                if (!existing.TryGetValue(g.Key, out var hour))
                {
                    hour = new ObservationWindow { EndpointId = g.Key.EndpointId, Kind = g.Key.Kind, Name = g.Key.Name, Resolution = WindowResolution.Hour, WindowStart = g.Key.Hour };
                    db.ObservationWindows.Add(hour);
                }
                RollUp(hour, g);
                hours++;
            }
            db.ObservationWindows.RemoveRange(old);
            minutes += old.Count;
            await db.SaveChangesAsync(ct);
        }

        await using var cleanup = await dbFactory.CreateDbContextAsync(ct);
        var hourCutoff = now.AddDays(-Math.Max(1, o.HourRetentionDays));
        var deleted = await cleanup.ObservationWindows.Where(w => w.Resolution == WindowResolution.Hour && w.WindowStart < hourCutoff).ExecuteDeleteAsync(ct);
        // A receipt is deleted only once its window can no longer be accepted: its window started at most MaxClockSkew
        // after it was received, so received before (cutoff - skew) means window.from < cutoff, which ingest refuses
        // (ObservationValidation). A replay after that is refused and stores nothing: still idempotent (ADR 0041).
        var receiptCutoff = minuteCutoff - ObservationLimits.MaxClockSkew;
        var receipts = await cleanup.ObservationReceipts.Where(r => r.ReceivedAt < receiptCutoff).ExecuteDeleteAsync(ct);
        return new(hours, minutes, deleted, receipts);
    }

    /// <summary>Folds an hour's minutes into its row: one deserialise of the hour, one merge per minute, one serialise at the end.</summary>
    internal static void RollUp(ObservationWindow hour, IEnumerable<ObservationWindow> minutes)
    {
        ValueSketch? merged = null;
        foreach (var m in minutes)
        {
            hour.Labelled |= m.Labelled;
            if (m.Kind == ObservationKind.Metric) { hour.Sum += m.Sum; hour.Count += m.Count; continue; }
            if (m.Sketch is not { Length: > 0 }) continue;
            merged ??= hour.Sketch is { Length: > 0 } bytes ? ValueSketch.FromBytes(bytes) : new ValueSketch();
            merged.Merge(ValueSketch.FromBytes(m.Sketch));
        }
        if (merged is null) return;
        hour.Sketch = merged.ToBytes();
        hour.Count = merged.Count;
    }
}

/// <summary>Runs <see cref="ObservationRetention"/> at start and every hour, on the instance holding the runner lease.</summary>
public sealed class ObservationRetentionScheduler(IServiceScopeFactory scopes, IRunnerLease lease, TimeProvider time, ILogger<ObservationRetentionScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        try
        {
            do
            {
                try
                {
                    if (!await lease.HoldAsync(stoppingToken)) continue;
                    await using var scope = scopes.CreateAsyncScope();
                    var summary = await scope.ServiceProvider.GetRequiredService<ObservationRetention>().RunAsync(stoppingToken);
                    if (summary.MinuteRowsRolled + summary.HourRowsDeleted > 0)
                        log.LogInformation("Observation retention: {Minutes} minute rows rolled into {Hours} hour rows, {Deleted} hour rows and {Receipts} receipts deleted",
                            summary.MinuteRowsRolled, summary.HoursRolledUp, summary.HourRowsDeleted, summary.ReceiptsDeleted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException) { log.LogError(ex, "Observation retention failed; retrying in an hour"); }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
