using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Identity.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Promotions;

public sealed partial class PromotionService
{
    public const int MaxComment = 2000;

    /// <summary>
    /// Co-signs <paramref name="id"/> as <paramref name="role"/>. Checked now, against the database rather than the
    /// caller's cookie or a cached user: a person (never a service), who re-entered their password, holds the role at this
    /// moment, is neither the requester nor the owner of the pipeline that asked, and has signed no other role on this
    /// request; the gates pass on exactly the facts <paramref name="reviewedHash"/> names (what the reviewer's screen
    /// showed). The last required signature moves the model version's stage in the same transaction.
    /// </summary>
    public async Task<Result<Guid>> SignAsync(Caller caller, Guid id, ReviewerRole role, string? comment, string password,
        string reviewedHash, CancellationToken ct = default)
    {
        if (caller.IsService) return new Error.Forbidden("Service identities can never sign a promotion.");
        if (caller.UserId is not { } callerId) return new Error.Forbidden("Only a signed-in person signs a promotion.");
        comment = (comment ?? "").Trim();
        if (comment.Length > MaxComment) return new Error.Validation(new Dictionary<string, string> { ["Comment"] = $"Keep the comment under {MaxComment} characters." });
        if (string.IsNullOrWhiteSpace(reviewedHash)) return new Error.Conflict("Open the request to review it before signing.");

        // Step-up through a fresh scope: a long-lived session's UserManager may hold a stale user (role, lockout, password).
        await using (var scope = scopes.CreateAsyncScope())
            if (await scope.ServiceProvider.GetRequiredService<StepUpPassword>().VerifyAsync(callerId, password, ct) is { } refused)
                return refused;
        var reviewerId = callerId;

        var approved = false;
        var result = await ChangeAsync(caller, id, "sign", ct, (r, _) =>
            r.Status != PromotionStatus.Pending ? new Error.Conflict($"The request is {r.Status}; only pending requests are signed.") : null,
            async (db, r, report) =>
            {
                // Who may sign: the one rule the inbox and the review page use too.
                if (SigningRule.Refusal(r, reviewerId, [role]) is { } refused) return refused;
                // Read inside the write transaction: a role removed a moment ago counts.
                if (!await HoldsRoleAsync(db, reviewerId, role.IdentityRole(), ct))
                    return new Error.Forbidden($"You do not hold the {role.IdentityRole()} role, so you cannot sign as {role}.");
                // The reviewer signs what they saw: if the facts moved while the screen was open, they must look again.
                if (reviewedHash != r.DecisionHash)
                    return new Error.Conflict("The evidence changed while you were reviewing: " + (r.ReviewNote ?? "the decision inputs differ.") + " Review the updated checklist and sign again.");
                if (report.Definition is not { } policy) return new Error.Conflict("No valid policy is in force for this promotion; it cannot be signed.");
                if (!policy.RequiredApprovers.Contains(role)) return new Error.Conflict($"The policy does not ask for a {role} signature.");
                if (!report.AllPassed)
                    return new Error.Conflict("The gates do not pass, so the request cannot be signed: "
                        + string.Join("; ", report.Failing.Select(c => $"{c.Check}: {c.Reason}")));

                r.Approvals.Add(new PromotionApproval
                {
                    PromotionRequestId = r.Id,
                    Role = role,
                    ReviewerId = reviewerId,
                    ReviewerName = caller.Actor.Name,
                    Comment = comment,
                    SignedAt = Now,
                    DecisionHash = r.DecisionHash,
                });
                r.ReviewNote = null;
                r.ReviewNoteAt = null;
                await CompleteIfSignedAsync(db, r, policy, ct);
                approved = r.Status == PromotionStatus.Approved;
                return null;
            });
        if (result.Succeeded)
            PortalTelemetry.PromotionsSigned.Add(1, new("role", role.ToString()), new("approved", approved));
        // An approval is what a release attestation rests on: anchor the chain head that records it, after it committed.
        if (result.Succeeded && approved) await checkpoints.TryWriteAsync(Audit.Checkpoints.CheckpointReason.Approval, ct);
        return result;
    }

    /// <summary>
    /// When every required role holds a valid signature, re-checks in the database that each signer still holds their
    /// role, then approves the request and moves the stage (retiring the version it replaces in Production for that use).
    /// </summary>
    private async Task CompleteIfSignedAsync(Data.GovernanceDbContext db, PromotionRequest r, PolicyDefinition policy, CancellationToken ct)
    {
        var valid = r.Approvals.Where(a => a.IsValid).ToList();
        if (!policy.RequiredApprovers.All(role => valid.Any(a => a.Role == role))) return;
        foreach (var approval in valid)
        {
            if (await HoldsRoleAsync(db, approval.ReviewerId, approval.Role.IdentityRole(), ct)) continue;
            approval.InvalidatedAt = Now;
            approval.InvalidatedReason = $"{approval.ReviewerName} no longer holds the {approval.Role.IdentityRole()} role.";
            r.ReviewNote = $"Returned to review: {approval.InvalidatedReason}";
            r.ReviewNoteAt = Now;
        }
        if (!policy.RequiredApprovers.All(role => r.Approvals.Any(a => a.IsValid && a.Role == role))) return;

        r.Status = PromotionStatus.Approved;
        r.ClosedAt = Now;
        r.ClosedBy = r.Approvals.Where(a => a.IsValid).MaxBy(a => a.SignedAt)!.ReviewerName;
        var stage = await db.ModelVersionStages.FirstOrDefaultAsync(s => s.ModelVersionId == r.ModelVersionId && s.AiSystemId == r.AiSystemId, ct);
        if (stage is null) db.ModelVersionStages.Add(stage = new ModelVersionStage { ModelVersionId = r.ModelVersionId, AiSystemId = r.AiSystemId });
        stage.Stage = r.TargetStage;
        stage.UpdatedAt = Now;
        if (r.TargetStage == Stage.Production)
        {
            // One version of a model serves a use in Production: the one it replaces is retired in the same change.
            var modelId = await db.ModelVersions.Where(v => v.Id == r.ModelVersionId).Select(v => v.ModelId).FirstAsync(ct);
            var replaced = await db.ModelVersionStages.Where(s => s.AiSystemId == r.AiSystemId && s.Stage == Stage.Production
                && s.ModelVersionId != r.ModelVersionId && db.ModelVersions.Any(v => v.Id == s.ModelVersionId && v.ModelId == modelId)).ToListAsync(ct);
            foreach (var old in replaced) { old.Stage = Stage.Retired; old.UpdatedAt = Now; }
        }
    }
}
