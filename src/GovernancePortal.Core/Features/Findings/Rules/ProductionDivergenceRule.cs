using System.Globalization;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>
/// Production diverging from staging (issue 15, ADR 0037): per production endpoint, each feature whose distribution
/// drifted from the staging baseline (<see cref="DriftEvaluation"/> decides) and each metric worse than its baseline over
/// N consecutive windows is one condition. A condition clears when the sliding window recovers: new observations trigger
/// an incremental evaluation of their endpoint, and the hourly full pass catches windows that simply aged out.
/// </summary>
public sealed class ProductionDivergenceRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.ProductionDivergence;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.ProductionDrift, FindingRule.MetricDivergence];
    // A policy (its monitoring section), a use's risk tier or a staging change decides which thresholds apply (ADR 0041).
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(nameof(ObservationWindow), T.ServingEndpoint, T.Evaluation, T.PromotionPolicy, T.AiSystem, T.ModelVersionStage);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var options = input.Services.GetRequiredService<IOptions<MonitoringOptions>>().Value;
        var cache = input.Services.GetRequiredService<BaselineCache>();
        var production = input.Db.ServingEndpoints.AsNoTracking().Where(e => e.Environment == DeploymentEnvironment.Production);
        HashSet<Guid>? scope = null;
        // Observations of a production endpoint concern only it; a staging endpoint's or an evaluation's change can move any
        // baseline, and a policy's, a use's or a stage's can move any threshold.
        if (input.Changes is { } changes && !changes.Touches(T.Evaluation) && !changes.Touches(T.PromotionPolicy) && !changes.Touches(T.AiSystem)
            && !changes.Touches(T.ModelVersionStage))
        {
            var changed = changes.Ids(nameof(ObservationWindow)).Concat(changes.Ids(T.ServingEndpoint)).ToHashSet();
            var staging = await input.Db.ServingEndpoints.AsNoTracking()
                .AnyAsync(e => changed.Contains(e.Id) && e.Environment != DeploymentEnvironment.Production, ct);
            if (!staging)
            {
                scope = changed;
                production = production.Where(e => changed.Contains(e.Id));
            }
        }
        var endpoints = await production.Select(e => new { e.Id, e.Name, e.Environment }).ToListAsync(ct);
        var conditions = new List<Condition>();
        foreach (var endpoint in endpoints)
        {
            var drift = await DriftEvaluation.EvaluateAsync(input.Db, endpoint.Id, input.Now, options, cache, ct);
            var name = T.EndpointName(endpoint.Name, endpoint.Environment);
            foreach (var f in drift.Features.Where(f => f.Verdict.Drift))
                conditions.Add(FeatureCondition(endpoint.Id, name, drift, f));
            foreach (var m in drift.Metrics.Where(m => m.Diverging))
                conditions.Add(MetricCondition(endpoint.Id, name, drift, m));
        }
        return scope is null ? RuleOutcome.Full(conditions) : new RuleOutcome(conditions, scope);
    }

    private static Condition FeatureCondition(Guid endpointId, string endpoint, EndpointDrift drift, FeatureDrift f)
    {
        var v = f.Verdict;
        var p = v.PValue is { } pv ? $", p-value {Num(pv)}" : "";
        return new Condition(FindingRule.ProductionDrift, $"{endpointId}:{v.Feature}", FindingSeverity.High, FindingEntity.Endpoint, endpointId, endpoint,
            $"Production diverging from staging: {v.Feature}",
            $"The distribution of '{v.Feature}' on {endpoint} from {f.From:yyyy-MM-dd HH:mm} to {f.To:HH:mm} UTC ({v.WindowCount:N0} values) differs from " +
            $"what staging ({Staging(drift)}) observed ({v.BaselineCount:N0} values): {v.Test} statistic {Num(v.Statistic)}{p}, PSI {Num(v.Psi)}. {v.Explanation} " +
            $"Threshold: {f.Threshold}.",
            "Open the endpoint's Monitoring page, compare the distributions and find what changed upstream (inputs, traffic mix, a release); " +
            "the finding resolves itself when the window behaves like staging again.");
    }

    private static Condition MetricCondition(Guid endpointId, string endpoint, EndpointDrift drift, MetricDivergence m)
    {
        var latest = m.Windows[0];
        return new Condition(FindingRule.MetricDivergence, $"{endpointId}:metric:{m.Metric}", FindingSeverity.High, FindingEntity.Endpoint, endpointId, endpoint,
            $"Production metric worse than staging: {m.Metric}",
            $"'{m.Metric}' on {endpoint} was worse than its baseline {Num(m.Baseline.Value)} ({m.Baseline.Source}, {Staging(drift)}) by more than " +
            $"{m.Tolerance:P0} in the last {m.WorseInARow} windows in a row (latest {Num(latest.Value)} at {latest.Start:yyyy-MM-dd HH:mm} UTC; limit {Num(m.Limit)}, " +
            $"{m.ConsecutiveWindows} windows needed; rule from {m.Origin}).",
            "Check the endpoint's Monitoring page and the inputs behind the metric; the finding resolves itself when a window is within tolerance again.");
    }

    private static string Staging(EndpointDrift drift) => drift.Baseline.StagingEndpoints.Count == 0 ? "staging evaluation"
        : string.Join(", ", drift.Baseline.StagingEndpoints.Select(s => s.Name));

    private static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
