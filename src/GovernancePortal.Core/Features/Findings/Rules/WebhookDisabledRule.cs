using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>
/// Webhooks the portal disabled after repeated failed deliveries: receivers are no longer told about findings and
/// promotions. Clears when an admin re-enables the endpoint (or deletes it). Few rows: always evaluated in full.
/// Filed under the service-identity signal, the portal's machine-to-machine connections (ADR 0029).
/// </summary>
public sealed class WebhookDisabledRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.ServiceIdentity;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.WebhookDisabled];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(nameof(WebhookEndpoint));

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var disabled = await input.Db.WebhookEndpoints.AsNoTracking()
            .Where(w => !w.Enabled && w.DisabledAfterFailuresAt != null)
            .Select(w => new { w.Id, w.Name, w.Url, w.DisabledAfterFailuresAt, w.ConsecutiveFailures }).ToListAsync(ct);
        return RuleOutcome.Full(disabled.Select(w => new Condition(
            FindingRule.WebhookDisabled, w.Id.ToString(), FindingSeverity.High, FindingEntity.Webhook, w.Id, w.Name,
            "Webhook disabled after failures",
            $"Webhook {w.Name} ({w.Url}) was disabled at {w.DisabledAfterFailuresAt:yyyy-MM-dd HH:mm} UTC after {w.ConsecutiveFailures} messages in a row could not be delivered; its receiver hears of no findings or promotions.",
            "Check the receiver and its delivery log on Admin → Webhooks, then enable the webhook again.")).ToList());
    }
}
