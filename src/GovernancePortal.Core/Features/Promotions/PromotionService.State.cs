using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>The request's own state changes (close, expire, bind to the facts it was judged on) and the identity tests the actions share.</summary>
public sealed partial class PromotionService
{
    /// <summary>The rule's own requester test (<see cref="SigningRule.IsRequester"/>), by user id.</summary>
    private static bool IsRequester(PromotionRequest r, string userId) => SigningRule.IsRequester(userId).Compile()(r);

    /// <summary>The person who asked (by id); a pipeline's request belongs to no person's session.</summary>
    private static bool IsOwnRequest(PromotionRequest r, Caller caller) => caller.UserId is { } id && r.RequestedById == id;

    /// <summary>Asks the database, not a user object an earlier call may have cached for the whole session.</summary>
    private static Task<bool> HoldsRoleAsync(GovernanceDbContext db, string userId, string role, CancellationToken ct) =>
        HoldsRoleAsync(db, userId, [role], ct);

    private static Task<bool> HoldsRoleAsync(GovernanceDbContext db, string userId, string[] anyOf, CancellationToken ct) =>
        db.UserRoles.AsNoTracking().AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && anyOf.Contains(r.Name!)), ct);

    private void Close(PromotionRequest r, PromotionStatus status, Caller caller)
    {
        r.Status = status;
        r.ClosedAt = Now;
        r.ClosedBy = caller.Actor.Name;
    }

    /// <summary>Pending requests older than the configured limit expire; returns whether this one did.</summary>
    private bool ExpireIfDue(PromotionRequest r)
    {
        if (r.Status != PromotionStatus.Pending || r.SubmittedAt is not { } submitted) return false;
        if (Now - submitted <= TimeSpan.FromDays(options.Value.PendingExpiryDays)) return false;
        r.Status = PromotionStatus.Expired;
        r.ClosedAt = Now;
        r.ClosedBy = "system";
        r.Revision++;
        return true;
    }

    private static void Bind(PromotionRequest r, GateReport report)
    {
        r.DecisionHash = report.DecisionHash;
        r.DecisionInputs = report.Inputs.ToJson();
        r.PolicyId = report.Policy?.Id;
        r.PolicyVersion = report.Policy?.Version;
    }

    /// <summary>
    /// When the decision inputs changed, every valid approval is invalidated (it was given on other facts) and the
    /// request returns to review with a note saying what changed. Returns whether anything changed.
    /// </summary>
    private bool Rebind(PromotionRequest r, GateReport report)
    {
        if (r.DecisionHash == report.DecisionHash) return false;
        var changes = report.Inputs.ChangesSince(DecisionInputs.FromJson(r.DecisionInputs));
        var what = changes.Count == 0 ? "the decision inputs changed" : string.Join("; ", changes);
        var invalidated = r.Approvals.Where(a => a.IsValid).ToList();
        foreach (var approval in invalidated)
        {
            approval.InvalidatedAt = Now;
            approval.InvalidatedReason = $"Given on other facts: {what}.";
        }
        if (invalidated.Count > 0)
        {
            r.ReviewNote = $"Returned to review: {what}. {invalidated.Count} approval(s) invalidated.";
            r.ReviewNoteAt = Now;
        }
        Bind(r, report);
        r.Revision++;
        return true;
    }
}
