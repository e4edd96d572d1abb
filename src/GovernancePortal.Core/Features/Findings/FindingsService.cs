using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Findings.History;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings;

public sealed record FindingQuery(FindingSignal? Signal = null, FindingSeverity? Severity = null, FindingStatus? Status = null, string? System = null,
    FindingRule? Rule = null, bool ActiveOnly = false);

/// <summary>Reads findings and moves them through their lifecycle; every transition is authorized here and audited.</summary>
public sealed class FindingsService(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time)
{
    public const int MaxText = 1000;
    /// <summary>The longest a risk may be accepted for before someone looks at it again (the dialog offers the same bound).</summary>
    public const int MaxSuppressionDays = 366;

    public async Task<Page<Finding>> ListAsync(FindingQuery query, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = Filter(db, query);
        var total = await q.CountAsync(ct);
        var items = await q.InListOrder().PageOf(page, Math.Clamp(pageSize, 1, 200)).ToListAsync(ct);
        return new(items, total);
    }

    /// <summary>Every finding the query matches (CSV export), capped.</summary>
    public async Task<IReadOnlyList<Finding>> ExportAsync(FindingQuery query, int max = 50_000, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Filter(db, query).InListOrder().Take(max).ToListAsync(ct);
    }

    /// <summary>Whether an AI system has this key: a filter naming none is a typo to report, not an empty list.</summary>
    public async Task<bool> SystemExistsAsync(string key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AiSystems.AnyAsync(s => s.Key == key.Trim(), ct);
    }

    private static IQueryable<Finding> Filter(GovernanceDbContext db, FindingQuery query)
    {
        var q = db.Findings.AsNoTracking();
        if (query.ActiveOnly) q = q.Where(f => f.ResolvedAt == null);
        if (query.Signal is { } signal) q = q.Where(f => f.Signal == signal);
        if (query.Severity is { } severity) q = q.Where(f => f.Severity == severity);
        if (query.Status is { } status) q = q.Where(f => f.Status == status);
        if (query.Rule is { } rule) q = q.Where(f => f.Rule == rule);
        if (!string.IsNullOrWhiteSpace(query.System))
        {
            // A finding belongs to an AI system through its entity: the endpoint serving it, or a version staged for it.
            var key = query.System.Trim();
            q = q.Where(f =>
                (f.EntityType == FindingEntity.Endpoint && db.ServingEndpoints.Any(e => e.Id == f.EntityId && e.AiSystem!.Key == key))
                || (f.EntityType == FindingEntity.ModelVersion && db.ModelVersionStages.Any(s => s.ModelVersionId == f.EntityId && s.AiSystem!.Key == key))
                || (f.EntityType == FindingEntity.Evaluation && db.Evaluations.Any(e => e.Id == f.EntityId && db.ModelVersionStages.Any(s => s.ModelVersionId == e.ModelVersionId && s.AiSystem!.Key == key))));
        }
        return q;
    }

    public async Task<IReadOnlyList<Finding>> OpenForAsync(Guid entityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Findings.AsNoTracking().Where(f => f.EntityId == entityId && f.ResolvedAt == null).ToListAsync(ct);
    }

    public async Task<Finding?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Findings.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
    }

    /// <summary>Open findings <paramref name="caller"/> may act on: the bell's number.</summary>
    public async Task<int> OpenCountForAsync(Caller caller, CancellationToken ct = default)
    {
        var signals = FindingAccess.ActionableSignals(caller).ToList();
        if (signals.Count == 0) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Findings.AsNoTracking().CountAsync(f => f.Status == FindingStatus.Open && signals.Contains(f.Signal), ct);
    }

    /// <summary>Open findings by severity and by AI system (endpoint's use, or a use the version is staged for).</summary>
    public async Task<(IReadOnlyDictionary<FindingSeverity, int> BySeverity, IReadOnlyList<(string System, int Count)> BySystem)> OpenSummaryAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = db.Findings.AsNoTracking().Where(f => f.ResolvedAt == null);
        var bySeverity = await active.GroupBy(f => f.Severity).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var bySystem = await db.AiSystems.AsNoTracking().Select(s => new
        {
            s.Key,
            Count = active.Count(f =>
                (f.EntityType == FindingEntity.Endpoint && db.ServingEndpoints.Any(e => e.Id == f.EntityId && e.AiSystemId == s.Id))
                || (f.EntityType == FindingEntity.ModelVersion && db.ModelVersionStages.Any(x => x.ModelVersionId == f.EntityId && x.AiSystemId == s.Id))),
        }).Where(x => x.Count > 0).OrderByDescending(x => x.Count).Take(12).ToListAsync(ct);
        return (bySeverity, bySystem.Select(x => (x.Key, x.Count)).ToList());
    }

    public Task<Result<int>> AcknowledgeAsync(Caller caller, IReadOnlyCollection<Guid> ids, string comment, CancellationToken ct = default) =>
        TransitionAsync(caller, ids, comment, FindingAction.Acknowledge, (f, now) =>
        {
            (f.Status, f.AcknowledgedBy, f.AcknowledgedAt, f.AcknowledgementComment) = (FindingStatus.Acknowledged, caller.Actor.Name, now, comment.Trim());
            return FindingEventKind.Acknowledged;
        }, ct);

    /// <summary>Resolved by a person with a reason. If the rule still sees the condition, its next evaluation reopens it.</summary>
    public Task<Result<int>> ResolveAsync(Caller caller, IReadOnlyCollection<Guid> ids, string reason, CancellationToken ct = default) =>
        TransitionAsync(caller, ids, reason, FindingAction.Resolve, (f, now) =>
        {
            (f.Status, f.ResolvedAt, f.ResolvedBy, f.ResolutionReason) = (FindingStatus.Resolved, now, caller.Actor.Name, reason.Trim());
            return FindingEventKind.Resolved;
        }, ct);

    public Task<Result<int>> ReopenAsync(Caller caller, IReadOnlyCollection<Guid> ids, string comment, CancellationToken ct = default) =>
        TransitionAsync(caller, ids, comment, FindingAction.Reopen, (f, _) =>
        {
            (f.Status, f.ResolvedAt, f.ResolvedBy, f.ResolutionReason, f.SuppressedUntil) = (FindingStatus.Open, null, null, null, null);
            return FindingEventKind.Reopened;
        }, ct);

    /// <summary>An accepted risk: hidden from the open count until <paramref name="until"/> (at most <see cref="MaxSuppressionDays"/>), then open again.</summary>
    public async Task<Result<int>> SuppressAsync(Caller caller, IReadOnlyCollection<Guid> ids, string reason, DateTime until, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (until <= now || until > now.AddDays(MaxSuppressionDays))
            return new Error.Validation(new Dictionary<string, string> { ["Until"] = $"must be in the future and within {MaxSuppressionDays} days: every accepted risk is looked at again." });
        return await TransitionAsync(caller, ids, reason, FindingAction.Suppress, (f, _) =>
        {
            (f.Status, f.SuppressedBy, f.SuppressedUntil, f.SuppressionReason) = (FindingStatus.Suppressed, caller.Actor.Name, DateTime.SpecifyKind(until, DateTimeKind.Utc), reason.Trim());
            return FindingEventKind.Suppressed;
        }, ct);
    }

    /// <summary>One entry for the pages' dialogs: the action chosen, its text and (for suppression) its date.</summary>
    public Task<Result<int>> ActAsync(Caller caller, FindingAction action, IReadOnlyCollection<Guid> ids, string text, DateTime? until, CancellationToken ct = default) => action switch
    {
        FindingAction.Acknowledge => AcknowledgeAsync(caller, ids, text, ct),
        FindingAction.Resolve => ResolveAsync(caller, ids, text, ct),
        FindingAction.Reopen => ReopenAsync(caller, ids, text, ct),
        FindingAction.Suppress when until is { } date => SuppressAsync(caller, ids, text, date, ct),
        _ => Task.FromResult<Result<int>>(new Error.Validation(new Dictionary<string, string> { ["Until"] = "is required to suppress a finding." })),
    };

    /// <summary>Every transition of one finding, oldest first (its detail page's history).</summary>
    public async Task<IReadOnlyList<FindingEvent>> HistoryAsync(Guid findingId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FindingEvents.AsNoTracking().Where(e => e.FindingId == findingId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
    }

    private async Task<Result<int>> TransitionAsync(Caller caller, IReadOnlyCollection<Guid> ids, string text, FindingAction action,
        Func<Finding, DateTime, FindingEventKind> apply, CancellationToken ct)
    {
        var verb = action.ToString().ToLowerInvariant();
        if (caller.Deny(Policies.Reader, $"{verb} findings") is { } denied) return denied;
        var errors = new FieldErrors().Required(action is FindingAction.Resolve or FindingAction.Suppress ? "Reason" : "Comment", text, MaxText);
        if (errors.Any) return errors.ToError();
        if (ids.Count == 0 || ids.Count > 500) return new Error.Validation(new Dictionary<string, string> { ["Findings"] = "choose from 1 to 500 findings." });
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var findings = await db.Findings.Where(f => ids.Contains(f.Id)).ToListAsync(ct);
        if (findings.Count != ids.Distinct().Count()) return new Error.NotFound("Finding");
        // All or nothing: one finding the caller may not act on refuses the whole request.
        if (findings.FirstOrDefault(f => !FindingTransitions.Allowed(caller, action, f.Signal)) is { } refused)
            return new Error.Forbidden($"You are not allowed to {verb} {refused.Signal} findings ({caller.Actor.Name}).");
        var now = time.GetUtcNow().UtcDateTime;
        var changed = 0;
        foreach (var f in findings.Where(f => FindingTransitions.Applies(action, f)))
        {
            var kind = apply(f, now);
            FindingHistory.Record(db, f, kind, caller.Actor, now, text.Trim(), kind == FindingEventKind.Suppressed ? f.SuppressedUntil : null);
            // Receivers hear of a person's resolution or reopening as they hear of the engine's.
            if (kind == FindingEventKind.Resolved) Webhooks.WebhookOutbox.FindingResolved(db, f);
            else if (kind == FindingEventKind.Reopened) Webhooks.WebhookOutbox.FindingRaised(db, f);
            changed++;
        }
        if (changed == 0) return 0;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return new Error.Conflict("The findings changed meanwhile; reload and try again."); }
        return changed;
    }
}
