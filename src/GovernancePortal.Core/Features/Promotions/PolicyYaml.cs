using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>
/// Reads and writes policies as YAML (policy as code). Parsing is strict: unknown keys, unknown evidence kinds or
/// section keys and impossible thresholds are errors with the line they are on, so a typo never weakens a gate.
/// </summary>
public static partial class PolicyYaml
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build();

    // The YAML shape; kept apart from PolicyDefinition so the file format can stay stable while the model evolves.
    private sealed class Doc
    {
        public string? Name { get; set; }
        public string? RiskTier { get; set; }
        public string? Stage { get; set; }
        public int? MaxEvidenceAgeDays { get; set; }
        public List<string>? EvidenceEnvironments { get; set; }
        public List<string>? RequiredApprovers { get; set; }
        public List<string>? RequiredCardSections { get; set; }
        public bool? AllowStaleCard { get; set; }
        public List<EvidenceDoc>? Evidence { get; set; }
        public MonitoringDoc? Monitoring { get; set; }
    }

    private sealed class EvidenceDoc
    {
        public string? Kind { get; set; }
        public int? MaxAgeDays { get; set; }
        /// <summary><c>computed</c>: only evidence the portal computed from a file counts; <c>any</c> (the default): reported too.</summary>
        public string? Source { get; set; }
        public List<ThresholdDoc>? Thresholds { get; set; }
    }

    private sealed class ThresholdDoc
    {
        public string? Metric { get; set; }
        public double? Min { get; set; }
        public double? Max { get; set; }
    }

    public static Result<PolicyDefinition> Parse(string yaml)
    {
        Doc? doc;
        try { doc = Reader.Deserialize<Doc>(yaml ?? ""); }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            return Invalid("yaml", $"line {e.Start.Line}: {Short(inner)}");
        }
        if (doc is null) return Invalid("yaml", "The policy is empty.");

        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(doc.Name)) errors["name"] = "Give the policy a name.";
        if (!Enum.TryParse<RiskTier>(doc.RiskTier, ignoreCase: true, out var tier) || !Enum.IsDefined(tier))
            errors["riskTier"] = $"'{doc.RiskTier}' is not a risk tier ({string.Join(", ", Enum.GetNames<RiskTier>())}).";
        else if (tier == RiskTier.Prohibited)
            errors["riskTier"] = "Prohibited uses cannot be promoted; they have no policy.";
        if (!Enum.TryParse<Stage>(doc.Stage, ignoreCase: true, out var stage) || stage is not (Stage.Staging or Stage.Production))
            errors["stage"] = $"'{doc.Stage}' is not a promotion target (Staging or Production).";
        var maxAge = doc.MaxEvidenceAgeDays ?? 0;
        if (maxAge is < 1 or > 3650) errors["maxEvidenceAgeDays"] = "Give the maximum evidence age in days (1 to 3650).";

        var environments = new List<DeploymentEnvironment>();
        foreach (var env in doc.EvidenceEnvironments ?? [])
            if (Enum.TryParse<DeploymentEnvironment>(env, true, out var e) && Enum.IsDefined(e)) environments.Add(e);
            else errors["evidenceEnvironments"] = $"'{env}' is not an environment ({string.Join(", ", Enum.GetNames<DeploymentEnvironment>())}).";
        if (environments.Count == 0 && !errors.ContainsKey("evidenceEnvironments"))
            errors["evidenceEnvironments"] = "Name the environments evidence may come from.";

        var approvers = new List<ReviewerRole>();
        foreach (var role in doc.RequiredApprovers ?? [])
            if (Enum.TryParse<ReviewerRole>(role, true, out var r) && Enum.IsDefined(r)) approvers.Add(r);
            else errors["requiredApprovers"] = $"'{role}' is not a reviewer role (Platform, Security, Risk).";
        // The product's promise: every promotion is co-signed by a platform, a security and a risk reviewer.
        if (!errors.ContainsKey("requiredApprovers") && !ReviewerRoles.All.All(approvers.Contains))
            errors["requiredApprovers"] = "Every promotion needs Platform, Security and Risk approvers.";

        var sections = (doc.RequiredCardSections ?? []).Distinct().ToList();
        if (sections.FirstOrDefault(s => !CardSections.IsKnown(s)) is { } unknown)
            errors["requiredCardSections"] = $"'{unknown}' is not an AI Card section.";

        var evidence = new List<EvidenceRequirement>();
        foreach (var (item, i) in (doc.Evidence ?? []).Select((x, i) => (x, i)))
        {
            var key = $"evidence[{i}]";
            if (!Enum.TryParse<EvaluationKind>(item.Kind, true, out var kind) || !Enum.IsDefined(kind))
            {
                errors[key] = $"'{item.Kind}' is not an evidence kind ({string.Join(", ", Enum.GetNames<EvaluationKind>())}).";
                continue;
            }
            if (evidence.Any(x => x.Kind == kind)) errors[key] = $"{kind} is listed twice.";
            if (item.MaxAgeDays is < 1 or > 3650) errors[key] = "maxAgeDays must be between 1 and 3650.";
            EvaluationSource? source = item.Source?.Trim().ToLowerInvariant() switch
            {
                null or "any" => null,
                "computed" => EvaluationSource.Computed,
                _ => (EvaluationSource)(-1),
            };
            if (source == (EvaluationSource)(-1)) errors[key] = $"source '{item.Source}' is not a source (computed, or any).";
            var thresholds = new List<MetricThreshold>();
            foreach (var t in item.Thresholds ?? [])
            {
                if (string.IsNullOrWhiteSpace(t.Metric)) errors[key] = "Every threshold names a metric.";
                else if (t.Min is null && t.Max is null) errors[key] = $"Threshold on {t.Metric} needs min or max.";
                else if (t.Min > t.Max) errors[key] = $"Threshold on {t.Metric}: min is above max.";
                else if (BadPattern(t.Metric.Trim()))
                    errors[key] = $"Threshold on {t.Metric}: a pattern is a metric name followed by ':*' (e.g. demographic_parity_ratio:*).";
                else thresholds.Add(new MetricThreshold(t.Metric.Trim(), t.Min, t.Max));
            }
            evidence.Add(new EvidenceRequirement(kind, item.MaxAgeDays, thresholds, source == (EvaluationSource)(-1) ? null : source));
        }
        if (evidence.Count == 0 && !errors.Keys.Any(k => k.StartsWith("evidence[", StringComparison.Ordinal)))
            errors["evidence"] = "A policy requires at least one kind of evidence.";

        var monitoring = ParseMonitoring(doc.Monitoring, errors);

        if (errors.Count > 0) return new Error.Validation(errors);
        return new PolicyDefinition(doc.Name!.Trim(), tier, stage, maxAge, environments.Distinct().ToList(), evidence, sections,
            approvers.Distinct().ToList(), doc.AllowStaleCard ?? false, monitoring);
    }

    public static string Write(PolicyDefinition p) => Writer.Serialize(new Doc
    {
        Name = p.Name,
        RiskTier = p.RiskTier.ToString(),
        Stage = p.Stage.ToString(),
        MaxEvidenceAgeDays = p.MaxEvidenceAgeDays,
        EvidenceEnvironments = p.EvidenceEnvironments.Select(e => e.ToString()).ToList(),
        RequiredApprovers = p.RequiredApprovers.Select(r => r.ToString()).ToList(),
        RequiredCardSections = [.. p.RequiredCardSections],
        AllowStaleCard = p.AllowStaleCard ? true : null,
        Evidence = p.Evidence.Select(e => new EvidenceDoc
        {
            Kind = e.Kind.ToString(),
            MaxAgeDays = e.MaxAgeDays,
            Source = e.RequiredSource == EvaluationSource.Computed ? "computed" : null,
            Thresholds = e.Thresholds.Count == 0 ? null
                : e.Thresholds.Select(t => new ThresholdDoc { Metric = t.Metric, Min = t.Min, Max = t.Max }).ToList(),
        }).ToList(),
        Monitoring = WriteMonitoring(p.Monitoring),
    });

    // A '*' stands only for the whole last segment of a name: demographic_parity_ratio:*.
    private static bool BadPattern(string metric) => metric.Contains('*')
        && (metric.Length == MetricThreshold.PatternSuffix.Length || metric.IndexOf('*') != metric.Length - 1 || !metric.EndsWith(MetricThreshold.PatternSuffix, StringComparison.Ordinal));

    private static Error Invalid(string field, string message) => new Error.Validation(new Dictionary<string, string> { [field] = message });

    private static string Short(string message) => message.Length > 300 ? message[..300] + "…" : message;
}
