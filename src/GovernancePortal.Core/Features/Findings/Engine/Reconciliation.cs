using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Findings.History;
using GovernancePortal.Core.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings.Engine;

/// <summary>Turns one rule's conditions into finding changes on a tracked context; the engine saves them once.</summary>
internal sealed class Reconciliation(GovernanceDbContext db, DateTime now)
{
    public int Raised, Updated, Resolved, Seen;
    private readonly List<Guid> touch = [];

    public async Task ApplyAsync(IFindingRule rule, RuleOutcome outcome, CancellationToken ct)
    {
        var conditions = outcome.Conditions.Where(c => rule.Rules.Contains(c.Rule))
            .DistinctBy(c => (c.Rule, c.Key)).ToDictionary(c => (c.Rule, c.Key));
        Seen += conditions.Count;
        var owned = rule.Rules.ToList();
        var existing = new Dictionary<(FindingRule, string), Finding>();
        if (outcome.Scope is null)
        {
            foreach (var f in await db.Findings.Where(f => owned.Contains(f.Rule)).ToListAsync(ct)) existing[(f.Rule, f.ConditionKey)] = f;
        }
        else
        {
            // Only what this evaluation looked at: findings of its conditions and findings on the entities in scope.
            foreach (var chunk in conditions.Keys.Select(k => k.Key).Distinct().Chunk(500))
                foreach (var f in await db.Findings.Where(f => owned.Contains(f.Rule) && EF.Parameter(chunk).Contains(f.ConditionKey)).ToListAsync(ct))
                    existing[(f.Rule, f.ConditionKey)] = f;
            // Under ingest the scope is thousands of new nodes and the rule has few open findings: one statement reads
            // them all (and the scope is applied here) instead of one per 500 entities (ADR 0074).
            if (outcome.Scope.Count > 500 && await db.Findings.CountAsync(f => owned.Contains(f.Rule) && f.ResolvedAt == null, ct) <= outcome.Scope.Count)
            {
                foreach (var f in await db.Findings.Where(f => owned.Contains(f.Rule) && f.ResolvedAt == null).ToListAsync(ct))
                    if (outcome.Scope.Contains(f.EntityId)) existing[(f.Rule, f.ConditionKey)] = f;
            }
            else
                foreach (var chunk in outcome.Scope.Chunk(500))
                    foreach (var f in await db.Findings.Where(f => owned.Contains(f.Rule) && f.ResolvedAt == null && chunk.Contains(f.EntityId)).ToListAsync(ct))
                        existing[(f.Rule, f.ConditionKey)] = f;
        }

        foreach (var (key, c) in conditions)
        {
            if (!existing.Remove(key, out var finding))
            {
                var raised = new Finding
                {
                    Signal = rule.Signal, Rule = c.Rule, ConditionKey = c.Key, Severity = c.Severity, Status = FindingStatus.Open,
                    EntityType = c.EntityType, EntityId = c.EntityId, EntityName = Cut(c.EntityName, 300), Title = Cut(c.Title, 300),
                    Message = Cut(c.Explanation, 2000), SuggestedAction = Cut(c.SuggestedAction, 1000), FirstSeen = now, LastSeen = now,
                };
                db.Findings.Add(raised);
                FindingHistory.Record(db, raised, FindingEventKind.Raised, FindingsEngine.EngineActor, now, raised.Message);
                WebhookOutbox.FindingRaised(db, raised);
                Raised++;
                continue;
            }
            if (finding.ResolvedAt is not null)
            {
                // The condition is back: the same finding reopens; its history stays in the audit chain.
                (finding.Status, finding.ResolvedAt, finding.ResolvedBy, finding.ResolutionReason) = (FindingStatus.Open, null, null, null);
                (finding.AcknowledgedBy, finding.AcknowledgedAt, finding.AcknowledgementComment) = (null, null, null);
                Describe(finding, c, rule.Signal);
                finding.LastSeen = now;
                FindingHistory.Record(db, finding, FindingEventKind.Reopened, FindingsEngine.EngineActor, now, "The condition is back: " + finding.Message);
                WebhookOutbox.FindingRaised(db, finding);
                Raised++;
                continue;
            }
            if (Describe(finding, c, rule.Signal)) { finding.LastSeen = now; Updated++; }
            else if (now - finding.LastSeen >= FindingsEngine.LastSeenResolution) touch.Add(finding.Id);
        }

        foreach (var gone in existing.Values.Where(f => f.ResolvedAt is null))
        {
            (gone.Status, gone.ResolvedAt, gone.ResolvedBy, gone.ResolutionReason) = (FindingStatus.Resolved, now, null, "The condition no longer holds.");
            FindingHistory.Record(db, gone, FindingEventKind.AutoResolved, FindingsEngine.EngineActor, now, gone.ResolutionReason);
            WebhookOutbox.FindingResolved(db, gone);
            Resolved++;
        }
    }

    /// <summary>Suppressions whose date has passed: the finding is open again.</summary>
    public async Task ExpireSuppressionsAsync(CancellationToken ct)
    {
        foreach (var f in await db.Findings.Where(f => f.Status == FindingStatus.Suppressed && f.SuppressedUntil < now).ToListAsync(ct))
        {
            f.Status = FindingStatus.Open;
            FindingHistory.Record(db, f, FindingEventKind.SuppressionExpired, FindingsEngine.EngineActor, now, $"The suppression until {f.SuppressedUntil:yyyy-MM-dd} expired.");
            Updated++;
        }
    }

    /// <summary>Refreshes last-seen of unchanged findings in one statement: an observation time, not a governed change.</summary>
    public async Task TouchAsync(CancellationToken ct)
    {
        foreach (var chunk in touch.Chunk(500))
            await db.Findings.Where(f => chunk.Contains(f.Id)).ExecuteUpdateAsync(s => s.SetProperty(f => f.LastSeen, now), ct);
    }

    private static bool Describe(Finding f, Condition c, FindingSignal signal)
    {
        var (name, title, message, action) = (Cut(c.EntityName, 300), Cut(c.Title, 300), Cut(c.Explanation, 2000), Cut(c.SuggestedAction, 1000));
        if (f.Severity == c.Severity && f.EntityName == name && f.Title == title && f.Message == message && f.SuggestedAction == action
            && f.EntityType == c.EntityType && f.EntityId == c.EntityId && f.Signal == signal) return false;
        (f.Severity, f.EntityName, f.Title, f.Message, f.SuggestedAction, f.EntityType, f.EntityId, f.Signal) =
            (c.Severity, name, title, message, action, c.EntityType, c.EntityId, signal);
        return true;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
