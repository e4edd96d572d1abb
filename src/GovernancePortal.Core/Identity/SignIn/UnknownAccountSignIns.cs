using System.Collections.Concurrent;
using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Identity.SignIn;

/// <summary>
/// Failed sign-ins for accounts that do not exist, counted per client address and minute and written as ONE audit entry
/// per address and minute with the count. A flood of made-up e-mails then cannot grow the chain (and hold its write lock)
/// by one entry per attempt. Failures for real accounts are still audited one by one (they are few: rate limits, lockout).
/// </summary>
public sealed class UnknownAccountSignIns(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time, ILogger<UnknownAccountSignIns> logger) : BackgroundService
{
    public const string Action = "User.SignInFailedUnknownAccounts";
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<(string Address, DateTime Minute), int> counts = new();

    public void Count(string? address) =>
        counts.AddOrUpdate((address ?? "unknown", Minute(time.GetUtcNow().UtcDateTime)), 1, (_, n) => n + 1);

    /// <summary>Writes the minutes that have ended (or all of them, on shutdown and in tests); returns how many entries.</summary>
    public async Task<int> FlushAsync(bool all = false, CancellationToken ct = default)
    {
        var current = Minute(time.GetUtcNow().UtcDateTime);
        var due = new List<((string Address, DateTime Minute) Key, int Count)>();
        foreach (var key in counts.Keys.Where(k => all || k.Minute < current).OrderBy(k => k.Minute))
            if (counts.TryRemove(key, out var n)) due.Add((key, n));
        if (due.Count == 0) return 0;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Actor = Actor.System("sign-in");
            foreach (var (key, n) in due)
                db.AddAuditEvent(new AuditEvent(Action, "SignIn", key.Address, null,
                    JsonSerializer.Serialize(new { RemoteAddress = key.Address, Minute = key.Minute, Attempts = n })));
            await db.SaveChangesAsync(ct);
            return due.Count;
        }
        catch
        {
            foreach (var (key, n) in due) counts.AddOrUpdate(key, n, (_, m) => m + n); // not lost: the next flush retries
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await FlushAsync(ct: stoppingToken); }
                // A busy or failing database must not end the loop; the counts stay and go out with the next flush.
                catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Could not write the unknown-account sign-in summary."); }
            }
        }
        catch (OperationCanceledException) { }
        await FlushAsync(all: true, CancellationToken.None);
    }

    private static DateTime Minute(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
}
