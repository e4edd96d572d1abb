using System.Text.RegularExpressions;

namespace GovernancePortal.Core.Features.Findings;

/// <summary>How findings' enums read: kebab case on the API and in CSV, words on screen.</summary>
public static partial class FindingNames
{
    public static string Kebab<T>(T value) where T : struct, Enum => Words().Replace(value.ToString(), "$1-$2").ToLowerInvariant();

    public static bool TryParseKebab<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var v in Enum.GetValues<T>())
            if (string.Equals(Kebab(v), text.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(v.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            { value = v; return true; }
        return false;
    }

    public static string InWords(FindingRule rule) => rule switch
    {
        FindingRule.ModelVersionWithoutRun => "Model version without a training run",
        FindingRule.RunConsumedUnregisteredDataset => "Run consumed an unregistered dataset",
        FindingRule.DigestConflict => "Same version reported with another digest",
        FindingRule.DeploymentServesUnregisteredDigest => "Deployment serves an unregistered artifact",
        FindingRule.LineageCycle => "Lineage cycle",
        FindingRule.EvaluationOfChangedDigest => "Evaluation tested another artifact",
        FindingRule.UntrackedPromotion => "Deployed without an approved release",
        FindingRule.ServedDigestDiffersFromApproved => "Served digest differs from the approved one",
        FindingRule.MissingEvidence => "Evidence missing or expired under the current policy",
        FindingRule.ServiceIdentityStale => "Service identity unused",
        FindingRule.ServiceIdentityExpiring => "Service identity token expiring",
        FindingRule.ServiceIdentityOverPrivileged => "Service identity holds unused scopes",
        FindingRule.ServiceIdentityOwnerDisabled => "Service identity owner disabled",
        FindingRule.CardDrift => "Published AI Card is stale",
        FindingRule.WebhookDisabled => "Webhook disabled after failures",
        FindingRule.ProductionDrift => "Production distribution diverging from staging",
        FindingRule.MetricDivergence => "Production metric worse than staging",
        _ => rule.ToString(),
    };

    public static string InWords(FindingSignal signal) => signal switch
    {
        FindingSignal.UntrackedPromotion => "Untracked promotion",
        FindingSignal.InconsistentLineage => "Inconsistent lineage",
        FindingSignal.MissingEvidence => "Missing evidence",
        FindingSignal.ServiceIdentity => "Service identity",
        FindingSignal.CardDrift => "Card drift",
        FindingSignal.ProductionDivergence => "Production diverging from staging",
        _ => signal.ToString(),
    };

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex Words();
}
