using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.ServiceIdentities;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>
/// Service identities out of control: stale, expiring soon, holding scopes unused for 30 days (the Admin page's
/// warnings, from <see cref="ServiceIdentityService.Hygiene"/>), or owned by a person whose account is disabled.
/// Few rows, time-driven: always evaluated in full.
/// </summary>
public sealed class ServiceIdentityRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.ServiceIdentity;
    public IReadOnlyList<FindingRule> Rules { get; } =
        [FindingRule.ServiceIdentityStale, FindingRule.ServiceIdentityExpiring, FindingRule.ServiceIdentityOverPrivileged, FindingRule.ServiceIdentityOwnerDisabled];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.ServiceIdentity, T.ServiceIdentityUsage, T.User);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        var identities = await db.ServiceIdentities.AsNoTracking().Where(s => s.RevokedAt == null && s.ExpiresAt > input.Now).ToListAsync(ct);
        var usages = await db.ServiceIdentityUsages.AsNoTracking().ToDictionaryAsync(u => u.ServiceIdentityId, ct);
        // The owner is a person: named by e-mail today, by user id once identities record it (either matches).
        var owners = identities.Select(i => i.Owner).Distinct().ToList();
        var disabled = (await db.Users.AsNoTracking()
                .Where(u => (owners.Contains(u.Email!) || owners.Contains(u.Id)) && u.LockoutEnd != null)
                .Select(u => new { u.Id, u.Email, u.LockoutEnd }).ToListAsync(ct))
            .Where(u => u.LockoutEnd > new DateTimeOffset(input.Now))
            .SelectMany(u => new[] { u.Id, u.Email ?? "" }).ToHashSet();

        var conditions = new List<Condition>();
        foreach (var identity in identities)
        {
            foreach (var (issue, text) in ServiceIdentityService.Hygiene(identity, usages.GetValueOrDefault(identity.Id), input.Now))
            {
                var (rule, severity, action) = issue switch
                {
                    HygieneIssue.Stale => (FindingRule.ServiceIdentityStale, FindingSeverity.Medium, "Revoke the token if its pipeline is gone."),
                    HygieneIssue.Expiring => (FindingRule.ServiceIdentityExpiring, FindingSeverity.Low, "Rotate the token before it expires, or let it lapse if unused."),
                    _ => (FindingRule.ServiceIdentityOverPrivileged, FindingSeverity.Medium, "Issue a token with only the scopes the pipeline uses."),
                };
                conditions.Add(new(rule, identity.Id.ToString(), severity, FindingEntity.ServiceIdentity, identity.Id, identity.Name,
                    $"Service identity {issue switch { HygieneIssue.Stale => "stale", HygieneIssue.Expiring => "expiring", _ => "over-privileged" }}",
                    $"{identity.Name} (owner {identity.Owner}): {text}.", action));
            }
            if (disabled.Contains(identity.Owner))
                conditions.Add(new(FindingRule.ServiceIdentityOwnerDisabled, identity.Id.ToString(), FindingSeverity.High, FindingEntity.ServiceIdentity,
                    identity.Id, identity.Name, "Service identity owner disabled",
                    $"{identity.Name} is owned by {identity.Owner}, whose account is disabled: nobody is accountable for it.",
                    "Assign an active owner or revoke the token."));
        }
        return RuleOutcome.Full(conditions);
    }
}
