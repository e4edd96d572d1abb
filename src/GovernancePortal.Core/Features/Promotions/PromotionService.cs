using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Promotions;

public sealed record NewPromotion(Guid ModelVersionId, Guid AiSystemId, Stage TargetStage, string Justification, bool Submit = true);

/// <summary>
/// Promotion requests: create, submit, withdraw, reject and co-sign. Every rule (who may ask, who may sign,
/// separation of duties) is enforced here, at the moment of the action and against the database (never a
/// session's cached view of a user), whatever the UI shows.
/// </summary>
public sealed partial class PromotionService(
    IDbContextFactory<GovernanceDbContext> dbFactory, GateEvaluator gates, IServiceScopeFactory scopes,
    PromotionEvents events, IOptions<PromotionOptions> options, TimeProvider time, Audit.Checkpoints.AuditCheckpointService checkpoints)
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
        errors.Check(justification.Length >= 10, "Justification", "must say why this version should be promoted (at least 10 characters).")
            .Check(justification.Length <= MaxJustification, "Justification", $"must be under {MaxJustification} characters.")
            .Check(input.TargetStage is Stage.Staging or Stage.Production, "TargetStage", "must be Staging or Production.");
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (!await db.ModelVersions.AnyAsync(v => v.Id == input.ModelVersionId, ct)) return new Error.NotFound("Model version");
        if (await db.AiSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.AiSystemId, ct) is not { } use) return new Error.NotFound("AI system");
        if (use.RiskTier == RiskTier.Prohibited) return new Error.Forbidden($"{use.Name} is a prohibited use; nothing can be promoted into it.");
        var current = await db.ModelVersionStages.AsNoTracking()
            .Where(s => s.ModelVersionId == input.ModelVersionId && s.AiSystemId == input.AiSystemId).Select(s => (Stage?)s.Stage).FirstOrDefaultAsync(ct);
        if (current == input.TargetStage) return new Error.Conflict($"This version is already in {input.TargetStage} for {use.Name}.");
        var duplicate = new Error.Conflict($"An open request to move this version to {input.TargetStage} for {use.Name} already exists.");
        if (await db.PromotionRequests.AnyAsync(r => r.ModelVersionId == input.ModelVersionId && r.AiSystemId == input.AiSystemId
            && r.TargetStage == input.TargetStage && (r.Status == PromotionStatus.Draft || r.Status == PromotionStatus.Pending), ct)) return duplicate;

        var report = await gates.EvaluateAsync(db, input.ModelVersionId, input.AiSystemId, input.TargetStage, ct);
        var request = new PromotionRequest
        {
            ModelVersionId = input.ModelVersionId,
            AiSystemId = input.AiSystemId,
            TargetStage = input.TargetStage,
            Justification = justification,
            Status = input.Submit ? PromotionStatus.Pending : PromotionStatus.Draft,
            RequestedBy = caller.Actor.Name,
            RequestedById = caller.UserId,
            RequestedByService = caller.IsService,
            CreatedAt = Now,
            SubmittedAt = input.Submit ? Now : null,
        };
        if (caller.IsService)
        {
            // The owner is an account (by id): whoever it is, however their e-mail is spelled, they cannot approve this.
            var owner = await db.ServiceIdentities.AsNoTracking()
                .Where(s => caller.ServiceIdentityId != null ? s.Id == caller.ServiceIdentityId : s.Name == caller.Actor.Name)
                .Select(s => new { s.OwnerId, s.Owner }).FirstOrDefaultAsync(ct);
            request.RequestedOnBehalfOfId = owner?.OwnerId;
            request.RequestedOnBehalfOf = owner?.Owner;
        }
        Bind(request, report);
        db.Add(request);
        await Webhooks.WebhookOutbox.PromotionTransitionsAsync(db, null, request, ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return duplicate; } // the unique index on open requests lost a race
        events.Publish(request.Id);
        return request.Id;
    }

    public Task<Result<Guid>> SubmitAsync(Caller caller, Guid id, CancellationToken ct = default) =>
        ChangeAsync(caller, id, "submit", ct, (r, report) =>
        {
            if (!IsOwnRequest(r, caller)) return new Error.Forbidden("Only the requester submits a draft.");
            if (r.Status != PromotionStatus.Draft) return new Error.Conflict($"The request is {r.Status}; only drafts are submitted.");
            r.Status = PromotionStatus.Pending;
            r.SubmittedAt = Now;
            return null;
        });

    public Task<Result<Guid>> WithdrawAsync(Caller caller, Guid id, CancellationToken ct = default) =>
        ChangeAsync(caller, id, "withdraw", ct, (r, _) =>
        {
            if (!IsOwnRequest(r, caller) && !caller.Satisfies(Policies.Admin))
                return new Error.Forbidden("Only the requester or an Admin withdraws a request.");
            if (!r.IsOpen) return new Error.Conflict($"The request is already {r.Status}.");
            Close(r, PromotionStatus.Withdrawn, caller);
            return null;
        });

    /// <summary>
    /// A reviewer stops the request, in one of the reviewer roles they hold (<paramref name="asRole"/>; when omitted, the
    /// first one they hold). A reason is required; it is shown to the requester and kept in the audit chain.
    /// </summary>
    public async Task<Result<Guid>> RejectAsync(Caller caller, Guid id, ReviewerRole? asRole, string reason, CancellationToken ct = default)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length < 5)
            return new Error.Validation(new Dictionary<string, string> { ["Reason"] = "Say why the request is rejected (at least 5 characters)." });
        if (caller.IsService || caller.UserId is not { } userId) return new Error.Forbidden("Only people review promotions.");
        ReviewerRole role;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var candidates = asRole is { } wanted ? [wanted] : ReviewerRoles.All;
            ReviewerRole? held = null;
            foreach (var candidate in candidates)
                if (await HoldsRoleAsync(db, userId, candidate.IdentityRole(), ct)) { held = candidate; break; }
            if (held is null)
                return new Error.Forbidden(asRole is { } w ? $"You do not hold the {w.IdentityRole()} role, so you cannot reject as {w}."
                    : "Only platform, security and risk reviewers reject promotions.");
            role = held.Value;
        }
        return await ChangeAsync(caller, id, "reject", ct, (r, _) =>
        {
            if (IsRequester(r, userId)) return new Error.Forbidden("You cannot review a request you made or own; withdraw it instead.");
            if (r.Status != PromotionStatus.Pending) return new Error.Conflict($"The request is {r.Status}; only pending requests are rejected.");
            r.RejectionReason = reason[..Math.Min(reason.Length, MaxJustification)];
            r.RejectedAs = role;
            Close(r, PromotionStatus.Rejected, caller);
            return null;
        });
    }

    /// <summary>
    /// Loads, re-binds to the current evidence, applies <paramref name="change"/> and saves, all inside one write
    /// transaction (BEGIN IMMEDIATE on SQLite), so what the gates read cannot move before the change lands.
    /// The request's concurrency token and unique indexes are a second line; a conflict is retried on fresh data.
    /// </summary>
    private async Task<Result<Guid>> ChangeAsync(Caller caller, Guid id, string action, CancellationToken ct,
        Func<PromotionRequest, GateReport, Error?> change,
        Func<GovernanceDbContext, PromotionRequest, GateReport, Task<Error?>>? changeInDbAsync = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                db.Actor = caller.Actor;
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var request = await db.PromotionRequests.Include(r => r.Approvals).FirstOrDefaultAsync(r => r.Id == id, ct);
                if (request is null) return new Error.NotFound("Promotion request");
                var before = Webhooks.WebhookOutbox.PromotionState.Of(request);
                Error? error;
                if (ExpireIfDue(request)) error = new Error.Conflict("The request expired before this action.");
                else
                {
                    var report = await gates.EvaluateAsync(db, request.ModelVersionId, request.AiSystemId, request.TargetStage, ct);
                    if (request.IsOpen) Rebind(request, report);
                    error = change(request, report);
                    if (error is null && changeInDbAsync is not null) error = await changeInDbAsync(db, request, report);
                    if (error is null) request.Revision++;
                }
                // Expiry and re-binding are kept even when the action itself is refused; their events go out with them.
                await Webhooks.WebhookOutbox.PromotionTransitionsAsync(db, before, request, ct);
                var changed = db.ChangeTracker.HasChanges();
                if (changed) await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                if (changed) events.Publish(id);
                return error is null ? id : error;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Someone else changed the request, or a unique index (one valid signature per role, one role per
                // person) refused a duplicate: redo every check on fresh data, which then says who signed.
            }
            catch (DbUpdateException)
            {
                return new Error.Conflict($"The request changed while you tried to {action} it. Reload and try again.");
            }
        }
    }
}
