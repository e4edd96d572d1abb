using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions;

public sealed partial class PromotionService
{
    public const int MaxComment = 2000;

    /// <summary>
    /// Co-signs <paramref name="id"/> as <paramref name="role"/>. Checked now, against the database rather than the
    /// caller's cookie: a person (never a service), who re-entered their password, holds the role at this moment, is not
    /// the requester and has signed no other role on this request; the gates pass on exactly the facts the request is bound
    /// to. The last required signature moves the model version's stage in the same transaction.
    /// </summary>
    public async Task<Result<Guid>> SignAsync(Caller caller, Guid id, ReviewerRole role, string? comment, string password,
        string? reviewedHash = null, CancellationToken ct = default)
    {
        if (caller.IsService) return new Error.Forbidden("Service identities can never sign a promotion.");
        comment = (comment ?? "").Trim();
        if (comment.Length > MaxComment) return new Error.Validation(new Dictionary<string, string> { ["Comment"] = $"Keep the comment under {MaxComment} characters." });

        var reviewer = await users.FindByNameAsync(caller.Actor.Name);
        if (reviewer is null) return new Error.Forbidden("Your account no longer exists.");
        if (await users.IsLockedOutAsync(reviewer)) return new Error.Forbidden("Your account is locked after failed password attempts; try again later.");
        // Step-up: a signature needs the password now, not just a session cookie; failures count towards lockout.
        if (!await users.CheckPasswordAsync(reviewer, password ?? ""))
        {
            await users.AccessFailedAsync(reviewer);
            return new Error.Validation(new Dictionary<string, string> { ["Password"] = "The password is not correct; nothing was signed." });
        }
        await users.ResetAccessFailedCountAsync(reviewer);
        if (!await users.IsInRoleAsync(reviewer, role.IdentityRole()))
            return new Error.Forbidden($"You do not hold the {role.IdentityRole()} role, so you cannot sign as {role}.");

        return await ChangeAsync(caller, id, "sign", ct, (r, report) =>
        {
            if (r.Status != PromotionStatus.Pending) return new Error.Conflict($"The request is {r.Status}; only pending requests are signed.");
            if (r.RequestedBy == caller.Actor.Name) return new Error.Forbidden("You requested this promotion, so you cannot approve it.");
            // The reviewer signs what they saw: if the facts moved while the screen was open, they must look again.
            if (reviewedHash is not null && reviewedHash != r.DecisionHash)
                return new Error.Conflict("The evidence changed while you were reviewing: " + (r.ReviewNote ?? "the decision inputs differ.") + " Review the updated checklist and sign again.");
            var valid = r.Approvals.Where(a => a.IsValid).ToList();
            if (valid.FirstOrDefault(a => a.ReviewerId == reviewer.Id) is { } mine)
                return new Error.Forbidden($"You already signed this request as {mine.Role}; one person signs one role.");
            if (valid.FirstOrDefault(a => a.Role == role) is { } taken)
                return new Error.Conflict($"{role} is already signed by {taken.ReviewerName}.");
            var policy = report.Policy is null ? null : PolicyYaml.Parse(report.Policy.Yaml).Value;
            if (policy is null) return new Error.Conflict("No policy is in force for this promotion; it cannot be signed.");
            if (!policy.RequiredApprovers.Contains(role)) return new Error.Conflict($"The policy does not ask for a {role} signature.");
            if (!report.AllPassed)
                return new Error.Conflict("The gates do not pass, so the request cannot be signed: "
                    + string.Join("; ", report.Failing.Select(c => $"{c.Check}: {c.Reason}")));

            r.Approvals.Add(new PromotionApproval
            {
                PromotionRequestId = r.Id,
                Role = role,
                ReviewerId = reviewer.Id,
                ReviewerName = caller.Actor.Name,
                Comment = comment,
                SignedAt = Now,
                DecisionHash = r.DecisionHash,
            });
            r.ReviewNote = null;
            r.ReviewNoteAt = null;
            return null;
        }, completeAsync: (db, r, policy) => CompleteIfSignedAsync(db, r, policy, ct));
    }

    /// <summary>
    /// When every required role holds a valid signature, re-checks that each signer still holds their role, then
    /// approves the request and moves the stage (retiring the version it replaces in Production for that use).
    /// </summary>
    private async Task CompleteIfSignedAsync(Data.GovernanceDbContext db, PromotionRequest r, PolicyDefinition policy, CancellationToken ct)
    {
        var valid = r.Approvals.Where(a => a.IsValid).ToList();
        if (!policy.RequiredApprovers.All(role => valid.Any(a => a.Role == role))) return;
        foreach (var approval in valid)
        {
            var signer = await users.FindByIdAsync(approval.ReviewerId);
            if (signer is not null && await users.IsInRoleAsync(signer, approval.Role.IdentityRole())) continue;
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
