using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Audit.Checkpoints;

/// <summary>
/// Signs a checkpoint at start-up and then every <see cref="AuditCheckpointOptions.CheckpointInterval"/>, on the instance
/// holding the runner lease only (ADR 0019, ADR 0043): several instances would otherwise each sign the same head.
/// </summary>
public sealed class AuditCheckpointScheduler(
    IServiceScopeFactory scopes, Data.IRunnerLease lease, IOptions<AuditCheckpointOptions> options, TimeProvider time, ILogger<AuditCheckpointScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.IsValid ? options.Value.CheckpointInterval : new AuditCheckpointOptions().CheckpointInterval;
        if (!options.Value.IsValid)
            log.LogWarning("Audit:CheckpointInterval {Interval} is outside {Min}..{Max}; using {Default}.",
                options.Value.CheckpointInterval, AuditCheckpointOptions.Shortest, AuditCheckpointOptions.Longest, interval);
        // The timer exists before the first checkpoint, so no tick between the two is lost.
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            await WriteAsync(CheckpointReason.Startup, stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await WriteAsync(CheckpointReason.Scheduled, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task WriteAsync(CheckpointReason reason, CancellationToken ct)
    {
        if (!await lease.HoldAsync(ct)) return;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditCheckpointService>().TryWriteAsync(reason, ct);
    }
}
