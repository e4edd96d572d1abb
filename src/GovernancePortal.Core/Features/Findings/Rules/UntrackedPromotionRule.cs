using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Promotions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>
/// A Staging or Production deployment the release decision does not cover: no approved promotion of the served
/// version to that stage for the use it serves, the register's stage moved on, an approval whose bound facts changed
/// or whose signatures are incomplete, or a served digest other than the approved version's. Asks
/// <see cref="ReleaseDecisionService.CheckAsync"/>, the rule's one owner; gates that stopped passing after approval
/// (aged evidence, stale card) are the missing-evidence and card-drift signals, so one cause is one finding.
/// </summary>
public sealed class UntrackedPromotionRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.UntrackedPromotion;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.UntrackedPromotion, FindingRule.ServedDigestDiffersFromApproved];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.ServingEndpoint, T.ModelVersion, T.ModelVersionStage, T.PromotionRequest,
        T.PromotionApproval, T.PromotionPolicy, T.Evaluation, T.AiCard, T.AiCardRevision, T.AiSystem);

    private const string Action = "Stop the deployment or take the served version through a promotion request for this use and stage.";

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        var endpoints = db.ServingEndpoints.AsNoTracking().Where(e => e.Environment != DeploymentEnvironment.Development);
        HashSet<Guid>? scope = null;
        if (input.Changes is { } changes && !changes.Touches([T.PromotionPolicy, T.AiSystem]))
        {
            var versions = await AffectedVersionsAsync(input, changes, ct);
            var digests = await db.ModelVersions.AsNoTracking().Where(v => versions.Contains(v.Id)).Select(v => v.Sha256).ToListAsync(ct);
            scope = changes.Ids(T.ServingEndpoint);
            scope.UnionWith(await db.ServingEndpoints.AsNoTracking()
                .Where(e => (e.ModelVersionId != null && versions.Contains(e.ModelVersionId.Value)) || digests.Contains(e.ReportedSha256))
                .Select(e => e.Id).ToListAsync(ct));
            var ids = scope.ToList();
            endpoints = endpoints.Where(e => ids.Contains(e.Id));
        }

        var rows = await EndpointServing.Rows(db, endpoints).ToListAsync(ct);
        var versionIds = rows.SelectMany(r => new[] { r.ServedVersionId, r.ReportedVersionId }).OfType<Guid>().Distinct().ToList();
        var versionsById = new Dictionary<Guid, ModelVersion>();
        foreach (var chunk in versionIds.Chunk(500))
            foreach (var v in await db.ModelVersions.AsNoTracking().Include(v => v.Model).Where(v => chunk.Contains(v.Id)).ToListAsync(ct))
                versionsById[v.Id] = v;
        // Approved requests are few; only deployments that have one need the full release decision.
        var approved = (await db.PromotionRequests.AsNoTracking().Where(r => r.Status == PromotionStatus.Approved)
            .Select(r => new { r.ModelVersionId, r.AiSystemId, r.TargetStage }).ToListAsync(ct))
            .Select(r => (r.ModelVersionId, r.AiSystemId, r.TargetStage)).ToHashSet();
        var uses = await db.AiSystems.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var decisions = input.Services.GetRequiredService<ReleaseDecisionService>();

        var conditions = new List<Condition>();
        foreach (var e in rows)
        {
            var stage = e.Environment == DeploymentEnvironment.Production ? Stage.Production : Stage.Staging;
            var name = T.EndpointName(e.Name, e.Environment);
            var use = e.AiSystemId is { } u ? uses.GetValueOrDefault(u) : null;
            // Reported as an approved version, serving another artifact.
            if (e.ReportedVersionId is { } reportedId && versionsById.TryGetValue(reportedId, out var reported) && reported.Sha256 != e.ReportedSha256
                && use is not null && approved.Contains((reportedId, use.Id, stage)))
                conditions.Add(new(FindingRule.ServedDigestDiffersFromApproved, e.Id.ToString(), FindingSeverity.Critical, FindingEntity.Endpoint, e.Id, name,
                    "Served digest differs from the approved one",
                    $"{name} reports {reported.Model!.Name} v{reported.Version} for {use.Key}, approved as {Common.Digest.Short(reported.Sha256)}…, but serves {Common.Digest.Short(e.ReportedSha256)}….",
                    "Redeploy the approved artifact; a rebuilt artifact is a new version and needs its own promotion."));
            if (e.ServedVersionId is not { } servedId || !versionsById.TryGetValue(servedId, out var served))
            {
                // An unregistered artifact is the lineage rule's finding; it is also untracked here unless the version it is
                // reported as was approved for this use and stage (then the served-digest finding above speaks).
                if (e.ReportedVersionId is not { } claimed || use is null || !approved.Contains((claimed, use.Id, stage)))
                    conditions.Add(Untracked(e.Id, name, $"{name} serves an artifact that matches no registered version (reported as {e.Reported}"
                        + (use is null ? "" : $" for {use.Key}") + $"); nothing approved it for {stage}."));
                continue;
            }
            if (use is null)
            {
                conditions.Add(Untracked(e.Id, name, $"{name} serves {served.Model!.Name} v{served.Version} for no registered use without an approved promotion to {stage}."));
                continue;
            }
            if (!approved.Contains((servedId, use.Id, stage)))
            {
                conditions.Add(Untracked(e.Id, name, $"{name} serves {served.Model!.Name} v{served.Version} for {use.Key} without an approved promotion to {stage}."));
                continue;
            }
            var check = await decisions.CheckAsync(db, served, use, stage, gatesMustPassNow: false, ct);
            if (check.Reasons.Count > 0)
                conditions.Add(Untracked(e.Id, name, $"{name} serves {served.Model!.Name} v{served.Version} for {use.Key}, but the release decision denies it: {string.Join("; ", check.Reasons)}."));
        }
        return new(conditions, scope);
    }

    private static Condition Untracked(Guid id, string name, string explanation) =>
        new(FindingRule.UntrackedPromotion, id.ToString(), FindingSeverity.Critical, FindingEntity.Endpoint, id, name, "Untracked promotion", explanation, Action);

    private static async Task<List<Guid>> AffectedVersionsAsync(RuleInput input, ChangeSet changes, CancellationToken ct)
    {
        var db = input.Db;
        var versions = changes.Ids(T.ModelVersion);
        var requests = changes.Ids(T.PromotionRequest).ToList();
        var approvals = changes.Ids(T.PromotionApproval).ToList();
        var stages = changes.Ids(T.ModelVersionStage).ToList();
        var evaluations = changes.Ids(T.Evaluation).ToList();
        var cards = changes.Ids(T.AiCard).ToList();
        var revisions = changes.Ids(T.AiCardRevision).ToList();
        if (requests.Count + approvals.Count > 0)
            versions.UnionWith(await db.PromotionRequests.AsNoTracking()
                .Where(r => requests.Contains(r.Id) || r.Approvals.Any(a => approvals.Contains(a.Id))).Select(r => r.ModelVersionId).ToListAsync(ct));
        if (stages.Count > 0) versions.UnionWith(await db.ModelVersionStages.AsNoTracking().Where(s => stages.Contains(s.Id)).Select(s => s.ModelVersionId).ToListAsync(ct));
        if (evaluations.Count > 0) versions.UnionWith(await db.Evaluations.AsNoTracking().Where(e => evaluations.Contains(e.Id)).Select(e => e.ModelVersionId).ToListAsync(ct));
        if (cards.Count + revisions.Count > 0)
            versions.UnionWith(await db.Set<Cards.AiCard>().AsNoTracking()
                .Where(c => cards.Contains(c.Id) || db.Set<Cards.AiCardRevision>().Any(r => r.CardId == c.Id && revisions.Contains(r.Id)))
                .Select(c => c.ModelVersionId).ToListAsync(ct));
        return versions.ToList();
    }
}
