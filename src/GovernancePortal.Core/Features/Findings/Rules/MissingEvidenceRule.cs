using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>
/// A version in Staging or Production for a use whose CURRENT policy requires evidence it lacks, or whose evidence
/// has aged out (e.g. after the policy was tightened). The approval was valid when given; the finding says what is
/// missing now. Judged by <see cref="EvidenceGate"/>, the same check the promotion gates run.
/// </summary>
public sealed class MissingEvidenceRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.MissingEvidence;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.MissingEvidence];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.ModelVersionStage, T.Evaluation, T.ModelVersion, T.PromotionPolicy, T.AiSystem);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        var staged = db.ModelVersionStages.AsNoTracking().Where(s => s.Stage == Stage.Staging || s.Stage == Stage.Production);
        HashSet<Guid>? scope = null;
        if (input.Changes is { } changes && !changes.Touches([T.PromotionPolicy, T.AiSystem]))
        {
            scope = changes.Ids(T.ModelVersion);
            var evaluations = changes.Ids(T.Evaluation).ToList();
            var stages = changes.Ids(T.ModelVersionStage).ToList();
            scope.UnionWith(await db.Evaluations.AsNoTracking().Where(e => evaluations.Contains(e.Id)).Select(e => e.ModelVersionId).ToListAsync(ct));
            scope.UnionWith(await db.ModelVersionStages.AsNoTracking().Where(s => stages.Contains(s.Id)).Select(s => s.ModelVersionId).ToListAsync(ct));
            var ids = scope.ToList();
            staged = staged.Where(s => ids.Contains(s.ModelVersionId));
        }
        var rows = await staged.Select(s => new
        {
            s.ModelVersionId, s.AiSystemId, s.Stage, UseKey = s.AiSystem!.Key, UseName = s.AiSystem.Name, s.AiSystem.RiskTier,
            Sha = db.ModelVersions.Where(v => v.Id == s.ModelVersionId).Select(v => v.Sha256).First(),
            Name = db.ModelVersions.Where(v => v.Id == s.ModelVersionId).Select(v => v.Model!.Name + " v" + v.Version).First(),
        }).ToListAsync(ct);
        if (rows.Count == 0) return new([], scope);

        // The policy in force per (tier, stage), read once.
        var policies = input.Services.GetRequiredService<PolicyService>();
        var definitions = new Dictionary<(RiskTier, Stage), (PromotionPolicy Policy, PolicyDefinition Definition)?>();
        foreach (var key in rows.Select(r => (r.RiskTier, r.Stage)).Distinct())
            definitions[key] = await policies.CurrentAsync(db, key.RiskTier, key.Stage, ct) is { } p && PolicyYaml.Parse(p.Yaml).Value is { } d ? (p, d) : null;

        var versionIds = rows.Select(r => r.ModelVersionId).Distinct().ToList();
        var evaluationsByVersion = new Dictionary<Guid, List<Evaluation>>();
        foreach (var chunk in versionIds.Chunk(500))
            foreach (var e in await db.Evaluations.AsNoTracking().Include(x => x.Upload).Where(e => chunk.Contains(e.ModelVersionId)).ToListAsync(ct))
                (evaluationsByVersion.TryGetValue(e.ModelVersionId, out var list) ? list : evaluationsByVersion[e.ModelVersionId] = []).Add(e);

        var conditions = new List<Condition>();
        foreach (var r in rows)
        {
            if (definitions[(r.RiskTier, r.Stage)] is not { } policy || policy.Definition.Evidence.Count == 0) continue;
            var version = new ModelVersion { Id = r.ModelVersionId, Version = "", Framework = "", ArtifactUri = "", Sha256 = r.Sha, CreatedBy = "" };
            var use = new AiSystem { Id = r.AiSystemId, Key = r.UseKey, Name = r.UseName, RiskTier = r.RiskTier, Owner = "", BusinessUnit = "", IntendedPurpose = "" };
            var context = new GateContext(version, r.Name, use, r.Stage, policy.Definition, evaluationsByVersion.GetValueOrDefault(r.ModelVersionId) ?? [], [], [], input.Now);
            var failing = policy.Definition.Evidence.Select(req => EvidenceGate.Check(context, req)).Where(c => !c.Passed).ToList();
            if (failing.Count == 0) continue;
            conditions.Add(new(FindingRule.MissingEvidence, $"{r.ModelVersionId}:{r.AiSystemId}", r.Stage == Stage.Production ? FindingSeverity.High : FindingSeverity.Medium,
                FindingEntity.ModelVersion, r.ModelVersionId, r.Name, $"Evidence missing or expired for {r.UseKey} ({r.Stage})",
                $"{r.Name} is in {r.Stage} for {r.UseKey}; under the current {r.RiskTier} → {r.Stage} policy v{policy.Policy.Version}: "
                    + string.Join(" ", failing.Select(c => $"{c.Check}: {c.Reason}")),
                "Register fresh evaluations of this artifact that meet the current policy, or move the version out of this stage."));
        }
        return new(conditions, scope);
    }
}
