using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>
/// Keeps the evidence store to what the register names (ADR 0050): a stored file no <see cref="EvidenceFile"/> row names
/// (its evaluation's transaction rolled back after the file was kept) and leftover spool and temporary files are deleted
/// once nothing has touched them for <see cref="GracePeriod"/>. An upload is spooled, scanned, kept and committed in
/// seconds, so an hour leaves a wide margin; a reused file is freshened when it is kept, so its clock starts again.
/// </summary>
public sealed class EvidenceFileSweep(IDbContextFactory<GovernanceDbContext> dbFactory, IEvidenceFileStore store, TimeProvider time)
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromHours(1);

    public Task<EvidenceSweep> RunAsync(CancellationToken ct = default) =>
        store.SweepAsync(time.GetUtcNow().UtcDateTime - GracePeriod, NamedAsync, ct);

    /// <summary>Which of <paramref name="digests"/> an <see cref="EvidenceFile"/> row names: those are never deleted.</summary>
    private async Task<IReadOnlySet<string>> NamedAsync(IReadOnlyList<string> digests, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NamedDigestsAsync(digests, ct);
    }
}

/// <summary>Sweeps the evidence store at start-up and every hour, on the instance holding the runner lease.</summary>
public sealed class EvidenceFileSweepScheduler(IServiceScopeFactory scopes, IRunnerLease lease, TimeProvider time, ILogger<EvidenceFileSweepScheduler> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(EvidenceFileSweep.GracePeriod, time);
        try
        {
            do
            {
                try
                {
                    if (!await lease.HoldAsync(stoppingToken)) continue;
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<EvidenceFileSweep>().RunAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException) { log.LogError(ex, "Evidence store sweep failed; retrying in an hour"); }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
