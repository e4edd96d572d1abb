using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Findings;

/// <summary>
/// Runs the consistency check after writes that touch the graph, coalescing bursts: any number of
/// requests within <see cref="Debounce"/> cause one run (ingest at thousands of events/s must not run it per event).
/// </summary>
public sealed class ConsistencyCheckScheduler(IServiceScopeFactory scopes, ILogger<ConsistencyCheckScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan Debounce = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim signal = new(0, 1);

    /// <summary>Asks for a check soon; cheap and safe to call from any request.</summary>
    public void Request()
    {
        if (signal.CurrentCount == 0)
            try { signal.Release(); } catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await signal.WaitAsync(stoppingToken);
            await Task.Delay(Debounce, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var summary = await scope.ServiceProvider.GetRequiredService<ConsistencyChecker>().RunAsync(stoppingToken);
                logger.LogInformation("Consistency check: {Open} open findings, {New} new, {Resolved} resolved in {Ms} ms",
                    summary.Open, summary.New, summary.Resolved, (int)summary.Elapsed.TotalMilliseconds);
                // The same writes may have brought new evidence or findings: open promotions re-bind to them.
                var rebound = await scope.ServiceProvider.GetRequiredService<Promotions.PromotionService>().RevalidateAsync(ct: stoppingToken);
                if (rebound > 0) logger.LogInformation("{Count} open promotion request(s) re-bound to changed evidence", rebound);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Consistency check failed");
            }
        }
    }
}
