using GovernancePortal.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Findings.Engine;

/// <summary>The findings engine as a consumer of the register-changed signal.</summary>
public sealed class FindingsConsumer(IEnumerable<IFindingRule> rules, ILogger<FindingsConsumer> logger) : IRegisterChangeConsumer
{
    public const string RunnerName = "runner";

    private readonly HashSet<string> watched = rules.SelectMany(r => r.ReactsTo).ToHashSet();
    private readonly PassCosts costs = new(); // the consumer is a singleton: what passes cost outlives each pass's scope

    public string Name => "findings";

    public bool Wants(RegisterChange change) => watched.Contains(change.EntityType);

    public async Task HandleAsync(IServiceProvider scope, IReadOnlyList<RegisterChange>? changes, CancellationToken ct)
    {
        var engine = scope.GetRequiredService<FindingsEngine>();
        var set = changes is null || costs.PreferFull(changes.Count) ? null : new ChangeSet(changes);
        var summary = await engine.EvaluateAsync(set, RunnerName, ct);
        costs.Record(summary.Full, changes?.Count ?? 0, summary.Elapsed);
        // One line per pass at Debug (off by default): how the load rigs count passes and their time now that a pass
        // which changed nothing stores no FindingRun.
        logger.LogDebug("Findings pass ({Kind}, {Changes} changes) in {Ms} ms", summary.Full ? "full" : "incremental",
            changes?.Count ?? 0, (int)summary.Elapsed.TotalMilliseconds);
        if (summary.Raised + summary.Resolved + summary.Updated > 0)
            logger.LogInformation("Findings ({Kind}): {Raised} raised, {Updated} updated, {Resolved} resolved in {Ms} ms",
                summary.Full ? "full" : "incremental", summary.Raised, summary.Updated, summary.Resolved, (int)summary.Elapsed.TotalMilliseconds);
    }
}
