using GovernancePortal.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Findings.Engine;

/// <summary>The findings engine as a consumer of the register-changed signal.</summary>
public sealed class FindingsConsumer(IEnumerable<IFindingRule> rules, ILogger<FindingsConsumer> logger) : IRegisterChangeConsumer
{
    /// <summary>Beyond this many changes (a bulk load) one full evaluation is cheaper than following each.</summary>
    public const int IncrementalLimit = 5_000;
    public const string RunnerName = "runner";

    private readonly HashSet<string> watched = rules.SelectMany(r => r.ReactsTo).ToHashSet();

    public string Name => "findings";

    public bool Wants(RegisterChange change) => watched.Contains(change.EntityType);

    public async Task HandleAsync(IServiceProvider scope, IReadOnlyList<RegisterChange>? changes, CancellationToken ct)
    {
        var engine = scope.GetRequiredService<FindingsEngine>();
        var set = changes is null || changes.Count > IncrementalLimit ? null : new ChangeSet(changes);
        var summary = await engine.EvaluateAsync(set, RunnerName, ct);
        if (summary.Raised + summary.Resolved + summary.Updated > 0)
            logger.LogInformation("Findings ({Kind}): {Raised} raised, {Updated} updated, {Resolved} resolved in {Ms} ms",
                summary.Full ? "full" : "incremental", summary.Raised, summary.Updated, summary.Resolved, (int)summary.Elapsed.TotalMilliseconds);
    }
}
