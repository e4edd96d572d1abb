using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;

namespace GovernancePortal.Core.Features.Findings.History;

/// <summary>
/// The one place a finding's transition is recorded: the history row and, for the transitions that carry one, the
/// explicit audit action. The service (people) and the engine (raise, reopen, auto-resolve, expiry) both call it, so
/// the history can never miss a transition the audit chain has.
/// </summary>
public static class FindingHistory
{
    public static void Record(GovernanceDbContext db, Finding finding, FindingEventKind kind, Actor actor, DateTime at, string? text, DateTime? suppressedUntil = null)
    {
        db.FindingEvents.Add(new FindingEvent
        {
            FindingId = finding.Id, Kind = kind, At = at, Actor = actor.Name, Text = Cut(text), SuppressedUntil = suppressedUntil,
        });
        // Raised and auto-resolved are already in the chain as the finding row's own Created/Updated entry.
        if (AuditAction(kind) is { } action)
            db.AddAuditEvent(new AuditEvent(action, nameof(Finding), finding.Id.ToString(), null, text));
    }

    private static string? AuditAction(FindingEventKind kind) => kind switch
    {
        FindingEventKind.Acknowledged => AuditActions.FindingAcknowledged,
        FindingEventKind.Resolved => AuditActions.FindingResolved,
        FindingEventKind.Reopened or FindingEventKind.SuppressionExpired => AuditActions.FindingReopened,
        FindingEventKind.Suppressed => AuditActions.FindingSuppressed,
        _ => null,
    };

    private static string? Cut(string? s) => s is null || s.Length <= FindingsService.MaxText ? s : s[..(FindingsService.MaxText - 1)] + "…";
}
