using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Promotions;

public sealed record NewPromotion(Guid ModelVersionId, Guid AiSystemId, Stage TargetStage, string Justification, bool Submit = true);

/// <summary>
/// Promotion requests: create, submit, withdraw, reject and co-sign. Every rule (who may ask, who may sign,
/// separation of duties) is enforced here, at the moment of the action, whatever the UI shows.
/// </summary>
public sealed partial class PromotionService(
    IDbContextFactory<GovernanceDbContext> dbFactory, GateEvaluator gates, UserManager<ApplicationUser> users,
    PromotionEvents events, IOptions<PromotionOptions> options, TimeProvider time)
{
    public const int MaxJustification = 4000;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<Result<Guid>> CreateAsync(Caller caller, NewPromotion input, CancellationToken ct = default)
    {
        var mayAsk = caller.IsService ? caller.Scopes.Contains(Scopes.PromotionsRequest) : caller.Roles.Contains(Roles.DataScientist);
        if (!mayAsk)
            return new Error.Forbidden(caller.IsService
                ? $"{caller.Actor.Name} needs the {Scopes.PromotionsRequest} scope to request a promotion."
                : "Only data scientists request promotions.");

        var errors = new FieldErrors();
        var justification = (input.Justification ?? "").Trim();
        errors.Check(justification.Length >= 10, "Justification", "Explain why this version should be promoted (at least 10 characters).")
            .Check(justification.Length <= MaxJustification, "Justification", $"Keep the justification under {MaxJustification} characters.")
            .Check(input.TargetStage is Stage.Staging or Stage.Production, "TargetStage", "Promotions go to Staging or Production.");
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (!await db.ModelVersions.AnyAsync(v => v.Id == input.ModelVersionId, ct)) return new Error.NotFound("Model version");
        if (await db.AiSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.AiSystemId, ct) is not { } use) return new Error.NotFound("AI system");
        if (use.RiskTier == RiskTier.Prohibited) return new Error.Forbidden($"{use.Name} is a prohibited use; nothing can be promoted into it.");
        var current = await db.ModelVersionStages.AsNoTracking()
            .Where(s => s.ModelVersionId == input.ModelVersionId && s.AiSystemId == input.AiSystemId).Select(s => (Stage?)s.Stage).FirstOrDefaultAsync(ct);
        if (current == input.TargetStage) return new Error.Conflict($"This version is already in {input.TargetStage} for {use.Name}.");
        var open = await db.Set<PromotionRequest>().AnyAsync(r => r.ModelVersionId == input.ModelVersionId && r.AiSystemId == input.AiSystemId
            && r.TargetStage == input.TargetStage && (r.Status == PromotionStatus.Draft || r.Status == PromotionStatus.Pending), ct);
        if (open) return new Error.Conflict($"An open request to move this version to {input.TargetStage} for {use.Name} already exists.");

        var report = await gates.EvaluateAsync(db, input.ModelVersionId, input.AiSystemId, input.TargetStage, ct);
        var request = new PromotionRequest
        {
            ModelVersionId = input.ModelVersionId,
            AiSystemId = input.AiSystemId,
            TargetStage = input.TargetStage,
            Justification = justification,
            Status = input.Submit ? PromotionStatus.Pending : PromotionStatus.Draft,
            RequestedBy = caller.Actor.Name,
            RequestedByService = caller.IsService,
            CreatedAt = Now,
            SubmittedAt = input.Submit ? Now : null,
        };
        Bind(request, report);
        db.Add(request);
        await db.SaveChangesAsync(ct);
        events.Publish(request.Id);
        return request.Id;
    }

    public Task<Result<Guid>> SubmitAsync(Caller caller, Guid id, CancellationToken ct = default) =>
        ChangeAsync(caller, id, "submit", ct, (r, report) =>
        {
            if (r.RequestedBy != caller.Actor.Name) return new Error.Forbidden("Only the requester submits a draft.");
            if (r.Status != PromotionStatus.Draft) return new Error.Conflict($"The request is {r.Status}; only drafts are submitted.");
            r.Status = PromotionStatus.Pending;
            r.SubmittedAt = Now;
            return null;
        });

    public Task<Result<Guid>> WithdrawAsync(Caller caller, Guid id, CancellationToken ct = default) =>
        ChangeAsync(caller, id, "withdraw", ct, (r, _) =>
        {
            if (r.RequestedBy != caller.Actor.Name && !caller.Satisfies(Policies.Admin))
                return new Error.Forbidden("Only the requester or an Admin withdraws a request.");
            if (!r.IsOpen) return new Error.Conflict($"The request is already {r.Status}.");
            Close(r, PromotionStatus.Withdrawn, caller);
            return null;
        });

    /// <summary>A reviewer stops the request. A reason is required; it is shown to the requester and kept in the audit chain.</summary>
    public async Task<Result<Guid>> RejectAsync(Caller caller, Guid id, string reason, CancellationToken ct = default)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length < 5)
            return new Error.Validation(new Dictionary<string, string> { ["Reason"] = "Say why the request is rejected (at least 5 characters)." });
        if (caller.IsService) return new Error.Forbidden("Service identities cannot review promotions.");
        var reviewer = await users.FindByNameAsync(caller.Actor.Name);
        if (reviewer is null || !(await users.GetRolesAsync(reviewer)).Any(r => ReviewerRoles.HeldBy([r]).Any()))
            return new Error.Forbidden("Only platform, security and risk reviewers reject promotions.");
        return await ChangeAsync(caller, id, "reject", ct, (r, _) =>
        {
            if (r.RequestedBy == caller.Actor.Name) return new Error.Forbidden("You cannot review your own request; withdraw it instead.");
            if (r.Status != PromotionStatus.Pending) return new Error.Conflict($"The request is {r.Status}; only pending requests are rejected.");
            r.RejectionReason = reason[..Math.Min(reason.Length, MaxJustification)];
            Close(r, PromotionStatus.Rejected, caller);
            return null;
        });
    }

    /// <summary>Loads, re-binds to the current evidence, applies <paramref name="change"/> and saves with optimistic concurrency.</summary>
    private async Task<Result<Guid>> ChangeAsync(Caller caller, Guid id, string action, CancellationToken ct,
        Func<PromotionRequest, GateReport, Error?> change,
        Func<GovernanceDbContext, PromotionRequest, PolicyDefinition, Task>? completeAsync = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Actor = caller.Actor;
            var request = await db.Set<PromotionRequest>().Include(r => r.Approvals).FirstOrDefaultAsync(r => r.Id == id, ct);
            if (request is null) return new Error.NotFound("Promotion request");
            if (ExpireIfDue(request)) { await db.SaveChangesAsync(ct); events.Publish(id); return new Error.Conflict("The request expired before this action."); }
            var report = await gates.EvaluateAsync(db, request.ModelVersionId, request.AiSystemId, request.TargetStage, ct);
            if (request.IsOpen) Rebind(request, report);
            if (change(request, report) is { } error)
            {
                if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
                return error;
            }
            if (completeAsync is not null && report.Policy is not null)
                await completeAsync(db, request, PolicyYaml.Parse(report.Policy.Yaml).Value!);
            request.Revision++;
            try
            {
                await db.SaveChangesAsync(ct);
                events.Publish(id);
                return id;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 2)
            {
                // Someone else changed the request between our read and write: redo the whole check on fresh data.
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // A unique index (one valid signature per role, one role per person) refused a concurrent duplicate:
                // re-reading shows the winner, and the checks above then say who signed.
            }
            catch (DbUpdateException)
            {
                return new Error.Conflict($"The request changed while you tried to {action} it. Reload and try again.");
            }
        }
    }

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
