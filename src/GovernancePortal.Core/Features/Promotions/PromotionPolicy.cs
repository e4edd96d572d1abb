using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>
/// One version of the policy for a (risk tier, target stage). Versions are immutable rows: editing writes the next
/// version, and the highest version is in force. The YAML text is the source of truth (it round-trips to a repository).
/// </summary>
public class PromotionPolicy : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public RiskTier RiskTier { get; set; }
    public Stage TargetStage { get; set; }
    public int Version { get; set; }
    public required string Yaml { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public string ChangeNote { get; set; } = "";
}

/// <summary>The parsed content of a policy.</summary>
/// <param name="AllowStaleCard">
/// Whether the AI Card gate passes a published card that no longer matches the register. Off unless a policy says so:
/// reviewers must read a card that states what they approve.
/// </param>
public sealed record PolicyDefinition(
    string Name,
    RiskTier RiskTier,
    Stage Stage,
    int MaxEvidenceAgeDays,
    IReadOnlyList<DeploymentEnvironment> EvidenceEnvironments,
    IReadOnlyList<EvidenceRequirement> Evidence,
    IReadOnlyList<string> RequiredCardSections,
    IReadOnlyList<ReviewerRole> RequiredApprovers,
    bool AllowStaleCard = false);

public sealed record EvidenceRequirement(EvaluationKind Kind, int? MaxAgeDays, IReadOnlyList<MetricThreshold> Thresholds)
{
    /// <summary>How old this evidence may be under <paramref name="policy"/>: its own limit, else the policy's.</summary>
    public int AllowedAgeDays(PolicyDefinition policy) => MaxAgeDays ?? policy.MaxEvidenceAgeDays;

    /// <summary>
    /// Why <paramref name="metrics"/> fall short of the thresholds (empty when they meet them all): the one rule both the
    /// evidence gate and the verdict of a computed evaluation apply. A metric that is not reported does not meet its bound.
    /// </summary>
    public IReadOnlyList<string> Unmet(IReadOnlyDictionary<string, double> metrics) =>
        Verdicts(metrics).Where(v => !v.Met).Select(v => v.Reason!).ToList();

    /// <summary>Each threshold's verdict on <paramref name="metrics"/>, in the policy's order (what <see cref="Unmet"/> reads).</summary>
    public IReadOnlyList<MetricVerdict> Verdicts(IReadOnlyDictionary<string, double> metrics) =>
        Thresholds.Select(t => metrics.TryGetValue(t.Metric, out var value)
            ? new MetricVerdict(t, t.Metric, value, t.IsMet(value))
            : new MetricVerdict(t, t.Metric, null, false)).ToList();
}

/// <summary>One threshold applied to one reported metric: its value (null when not reported) and whether it meets the bound.</summary>
public sealed record MetricVerdict(MetricThreshold Threshold, string Metric, double? Value, bool Met)
{
    /// <summary>Why the metric falls short, or null when it meets its bound.</summary>
    public string? Reason => Met ? null : Value is not { } value ? $"{Metric} is not reported"
        : $"{Metric} = {value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} does not meet {Threshold}";
}

/// <summary>A bound on one reported metric: <c>value &lt;= Max</c> and/or <c>value &gt;= Min</c>.</summary>
public sealed record MetricThreshold(string Metric, double? Min, double? Max)
{
    public bool IsMet(double value) => (Min is null || value >= Min) && (Max is null || value <= Max);

    public override string ToString() => (Min, Max) switch
    {
        ({ } min, { } max) => $"{min} <= {Metric} <= {max}",
        ({ } min, null) => $"{Metric} >= {min}",
        _ => $"{Metric} <= {Max}",
    };
}
