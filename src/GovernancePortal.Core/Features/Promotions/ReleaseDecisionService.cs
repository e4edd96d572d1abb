using System.Text.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions.Attestation;
using GovernancePortal.Core.Features.Promotions.Gates;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions;

public sealed record ReleaseApproval(string Role, string Reviewer, DateTime SignedAt);

public sealed record ReleaseDecisionResult(
    bool Allowed, string ModelName, string Version, string Sha256, string Use, Stage Stage, IReadOnlyList<string> Reasons,
    Guid? PromotionId, string? PolicyVersion, string? DecisionHash, IReadOnlyList<ReleaseApproval> Approvals, DsseEnvelope? Attestation);

/// <summary>
/// What a deploy pipeline asks before releasing: is this exact digest co-signed for this use and stage, on the facts
/// that hold now? Allowed decisions carry a signed in-toto statement a deploy admission check can verify offline.
/// </summary>
public sealed class ReleaseDecisionService(IDbContextFactory<GovernanceDbContext> dbFactory, GateEvaluator gates, AttestationKeyService keys,
    Audit.Checkpoints.AuditCheckpointService checkpoints)
{
    public const string PredicateType = "https://governance-portal.dev/attestation/promotion/v1";

    /// <param name="sha256">The digest the caller is about to deploy; when given, it must be the registered one.</param>
    public async Task<Result<ReleaseDecisionResult>> DecideAsync(string modelName, string version, string useKey, Stage stage,
        string? sha256 = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var v = await db.ModelVersions.AsNoTracking().Include(x => x.Model)
            .FirstOrDefaultAsync(x => x.Model!.Name == modelName.Trim() && x.Version == version.Trim(), ct);
        if (v is null) return new Error.NotFound($"Model version {modelName} {version}");
        var use = await db.AiSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Key == useKey.Trim(), ct);
        if (use is null) return new Error.NotFound($"AI system '{useKey}'");

        ReleaseDecisionResult Deny(params string[] reasons) => new(false, v.Model!.Name, v.Version, v.Sha256, use.Key, stage, reasons, null, null, null, [], null);

        if (sha256 is { Length: > 0 } && (!Common.Digest.IsSha256(sha256) || Common.Digest.Normalize(sha256) != v.Sha256))
            return Deny($"the artifact to deploy ({sha256.Trim()}) is not the registered {v.Model!.Name} v{v.Version} ({v.Sha256})");
        var request = await db.Set<PromotionRequest>().AsNoTracking().Include(r => r.Approvals)
            .Where(r => r.ModelVersionId == v.Id && r.AiSystemId == use.Id && r.TargetStage == stage && r.Status == PromotionStatus.Approved)
            .OrderByDescending(r => r.ClosedAt).FirstOrDefaultAsync(ct);
        if (request is null) return Deny($"no approved promotion of this version to {stage} for {use.Key}");
        var currentStage = await db.ModelVersionStages.AsNoTracking().Where(s => s.ModelVersionId == v.Id && s.AiSystemId == use.Id)
            .Select(s => (Stage?)s.Stage).FirstOrDefaultAsync(ct);
        // The register's stage is the outcome of the last governed change: retired, demoted or moved on means no release.
        if (currentStage != stage)
            return Deny($"{v.Model!.Name} v{v.Version} is {(currentStage?.ToString() ?? "not staged")} for {use.Key}, not {stage}");

        var report = await gates.EvaluateAsync(db, v.Id, use.Id, stage, ct);
        if (report.DecisionHash != request.DecisionHash)
        {
            var changes = report.Inputs.ChangesSince(DecisionInputs.FromJson(request.DecisionInputs));
            return Deny($"the facts changed since approval ({(changes.Count == 0 ? "decision inputs differ" : string.Join("; ", changes))}); a new promotion request is needed");
        }
        // Freshness is not in the hash (time passes): evidence that has aged out of the policy denies the release too.
        if (!report.AllPassed || report.Policy is not { } policy)
            return Deny(["the gates no longer pass; a new promotion request with fresh evidence is needed",
                .. report.Failing.Select(c => $"{c.Check}: {c.Reason}")]);

        // Same hash, so the policy in force is the one the approvals were given under.
        var valid = request.Approvals.Where(a => a.IsValid && a.DecisionHash == request.DecisionHash).ToList();
        var missing = report.Definition!.RequiredApprovers.Where(r => valid.All(a => a.Role != r)).ToList();
        if (missing.Count > 0) return Deny($"the approval is incomplete: no valid {string.Join(", ", missing)} signature");
        if (valid.Select(a => a.ReviewerId).Distinct().Count() != valid.Count) return Deny("one person signed more than one role");

        var approvals = valid.OrderBy(a => a.Role).Select(a => new ReleaseApproval(a.Role.ToString(), a.ReviewerName, a.SignedAt)).ToList();
        var policyVersion = $"{policy.RiskTier}/{policy.TargetStage} v{policy.Version}";
        // A copy of the newest chain checkpoint travels with every attestation, out of reach of whoever holds the database.
        var checkpoint = await checkpoints.LatestAsync(ct);
        var statement = new
        {
            _type = "https://in-toto.io/Statement/v1",
            subject = new[] { new { name = v.Model!.Name, digest = new Dictionary<string, string> { ["sha256"] = v.Sha256 } } },
            predicateType = PredicateType,
            predicate = new
            {
                promotionId = request.Id,
                modelVersion = v.Version,
                use = use.Key,
                stage = stage.ToString(),
                policyVersion,
                decisionHash = request.DecisionHash,
                approvedAt = request.ClosedAt,
                approvals = approvals.Select(a => new { role = a.Role, reviewer = a.Reviewer, signedAt = a.SignedAt }),
                auditCheckpoint = checkpoint is null ? null : new
                {
                    sequence = checkpoint.Sequence, headHash = checkpoint.HeadHash, time = checkpoint.Time,
                    keyId = checkpoint.KeyId, envelope = checkpoint.Envelope,
                },
            },
        };
        var (key, keyId) = await keys.ActiveAsync(ct);
        using (key)
        {
            var envelope = Dsse.Sign(JsonSerializer.SerializeToUtf8Bytes(statement), Dsse.InTotoPayloadType, key, keyId);
            return new ReleaseDecisionResult(true, v.Model.Name, v.Version, v.Sha256, use.Key, stage, [], request.Id, policyVersion,
                request.DecisionHash, approvals, envelope);
        }
    }
}
