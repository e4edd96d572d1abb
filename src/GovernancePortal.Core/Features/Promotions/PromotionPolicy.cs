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
/// <param name="Monitoring">Thresholds for production monitoring of the endpoints this policy governs (ADR 0041); null when the policy is silent.</param>
public sealed record PolicyDefinition(
    string Name,
    RiskTier RiskTier,
    Stage Stage,
    int MaxEvidenceAgeDays,
    IReadOnlyList<DeploymentEnvironment> EvidenceEnvironments,
    IReadOnlyList<EvidenceRequirement> Evidence,
    IReadOnlyList<string> RequiredCardSections,
    IReadOnlyList<ReviewerRole> RequiredApprovers,
    bool AllowStaleCard = false,
    Monitoring.MonitoringSection? Monitoring = null)
{
    /// <summary>
    /// Whether evidence from <paramref name="environment"/> counts under this policy (its <c>evidenceEnvironments</c>): the
    /// one test the evidence gate and the evaluation page's verdicts (<c>EvaluationPolicies</c>) both apply.
    /// </summary>
    public bool AcceptsEvidenceFrom(DeploymentEnvironment environment) => EvidenceEnvironments.Contains(environment);
}

/// <param name="RequiredSource">Computed when the policy says <c>source: computed</c>: only evidence the portal computed itself counts.</param>
public sealed record EvidenceRequirement(EvaluationKind Kind, int? MaxAgeDays, IReadOnlyList<MetricThreshold> Thresholds,
    EvaluationSource? RequiredSource = null)
{
    /// <summary>How old this evidence may be under <paramref name="policy"/>: its own limit, else the policy's.</summary>
    public int AllowedAgeDays(PolicyDefinition policy) => MaxAgeDays ?? policy.MaxEvidenceAgeDays;

    /// <summary>
    /// Why an evaluation with <paramref name="metrics"/> from <paramref name="source"/> falls short of this rule (empty when
    /// it meets it): the one rule both the evidence gate and the verdict of a computed evaluation apply. Evidence from the
    /// wrong source does not count; a metric that is not reported does not meet its bound, and a pattern
    /// (<c>name:*</c>) must match at least one metric and holds only when every metric it matches meets the bound.
    /// </summary>
    public IReadOnlyList<string> Unmet(IReadOnlyDictionary<string, double> metrics, EvaluationSource source)
    {
        var problems = new List<string>();
        if (!SourceMet(source) && RequiredSource is { } required)
            problems.Add($"{Kind} evidence must be {(required == EvaluationSource.Computed ? "computed by the portal" : "reported")}; the newest is {source.ToString().ToLowerInvariant()}");
        problems.AddRange(Verdicts(metrics).Where(v => !v.Met).Select(v => v.Reason!));
        return problems;
    }

    /// <summary>Whether evidence from <paramref name="source"/> may satisfy this rule (<c>source: computed</c> admits only computed evidence).</summary>
    public bool SourceMet(EvaluationSource source) => RequiredSource is not { } required || source == required;

    /// <summary>
    /// Each threshold's verdict on <paramref name="metrics"/>, in the policy's order (what <see cref="Unmet"/> reads): one
    /// per metric a pattern matches, or one "not reported" verdict when nothing matches.
    /// </summary>
    public IReadOnlyList<MetricVerdict> Verdicts(IReadOnlyDictionary<string, double> metrics) =>
        Thresholds.SelectMany(t => t.Matching(metrics).ToList() is { Count: > 0 } matching
            ? matching.Select(m => new MetricVerdict(t, m.Key, m.Value, t.IsMet(m.Value)))
            : [new MetricVerdict(t, t.Metric, null, false)]).ToList();
}

/// <summary>One threshold applied to one reported metric: its value (null when not reported) and whether it meets the bound.</summary>
public sealed record MetricVerdict(MetricThreshold Threshold, string Metric, double? Value, bool Met)
{
    /// <summary>Why the metric falls short, or null when it meets its bound.</summary>
    public string? Reason => Met ? null : Value is not { } value ? $"{Metric} is not reported"
        : $"{Metric} = {MetricThreshold.Format(value)} does not meet {Threshold}";
}

/// <summary>
/// A bound on one reported metric: <c>value &lt;= Max</c> and/or <c>value &gt;= Min</c>. <see cref="Metric"/> may be a
/// pattern <c>name:*</c>: every metric named <c>name:</c> plus one suffix without a further <c>:</c> (one per sensitive
/// column, e.g. <c>demographic_parity_ratio:gender</c>; per group <c>selection_rate:gender=F</c>), never the bare name.
/// </summary>
public sealed record MetricThreshold(string Metric, double? Min, double? Max)
{
    public const string PatternSuffix = ":*";

    public bool IsPattern => Metric.EndsWith(PatternSuffix, StringComparison.Ordinal);

    public bool IsMet(double value) => (Min is null || value >= Min) && (Max is null || value <= Max);

    /// <summary>Whether this threshold bounds the metric named <paramref name="name"/> (itself, or one its pattern matches).</summary>
    public bool Applies(string name)
    {
        if (!IsPattern) return name == Metric;
        var prefix = Metric.AsSpan(0, Metric.Length - 1);
        return name.Length > prefix.Length && name.AsSpan().StartsWith(prefix, StringComparison.Ordinal) && !name.AsSpan(prefix.Length).Contains(':');
    }

    /// <summary>The metrics this threshold bounds, in name order.</summary>
    public IEnumerable<KeyValuePair<string, double>> Matching(IReadOnlyDictionary<string, double> metrics) => IsPattern
        ? metrics.Where(m => Applies(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal)
        : metrics.TryGetValue(Metric, out var value) ? [new(Metric, value)] : [];

    public static string Format(double value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => (Min, Max) switch
    {
        ({ } min, { } max) => $"{min} <= {Metric} <= {max}",
        ({ } min, null) => $"{Metric} >= {min}",
        _ => $"{Metric} <= {Max}",
    };
}
