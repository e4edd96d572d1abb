using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Evaluations;

/// <summary>An evidence rule of a policy in force that applies to an evaluation, and its verdict per threshold.</summary>
public sealed record ApplicableRule(string PolicyName, RiskTier RiskTier, Stage Stage, int PolicyVersion, EvidenceRequirement Requirement)
{
    /// <summary>The rule's verdict on <paramref name="metrics"/> (<see cref="EvidenceRequirement.Verdicts"/>).</summary>
    public IReadOnlyList<MetricVerdict> Verdicts(IReadOnlyDictionary<string, double> metrics) => Requirement.Verdicts(metrics);
}

/// <summary>
/// Which policies judge evidence of a kind from an environment: the one owner of that choice, read by the verdict of a
/// computed evaluation and by the evaluation page. A policy judges the evidence when it accepts evidence from that
/// environment (<see cref="PolicyDefinition.AcceptsEvidenceFrom"/>, the test the evidence gate applies too), whatever its
/// stage: with the shipped policies staging evidence is judged by the Staging and the Production policies, production
/// evidence by the Production ones (ADR 0040). The tiers are those of every use the version serves, or every tier when it
/// serves none yet (the strictest reading: evidence computed before a version has a use must not look better than it will).
/// </summary>
public sealed class EvaluationPolicies(IDbContextFactory<GovernanceDbContext> dbFactory, PolicyService policies)
{
    /// <summary>The stages a policy can promote to (the ones that have policies).</summary>
    private static readonly Stage[] PromotionStages = [Stage.Staging, Stage.Production];

    /// <summary>The rules that apply to an evaluation of <paramref name="kind"/> of a registered version.</summary>
    public async Task<IReadOnlyList<ApplicableRule>> ForAsync(Guid modelVersionId, EvaluationKind kind, DeploymentEnvironment environment,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tiers = await db.Set<ModelVersionStage>().AsNoTracking().Where(s => s.ModelVersionId == modelVersionId && s.AiSystem != null)
            .Select(s => s.AiSystem!.RiskTier).Distinct().ToListAsync(ct);
        return await ForAsync(db, policies, tiers, kind, environment, ct);
    }

    /// <summary>
    /// The rules for a version serving uses of <paramref name="servedTiers"/> (empty: serves none yet), from the policies
    /// in force for <paramref name="stages"/> (default: every stage that has policies).
    /// </summary>
    public static async Task<IReadOnlyList<ApplicableRule>> ForAsync(GovernanceDbContext db, PolicyService policies,
        IReadOnlyCollection<RiskTier> servedTiers, EvaluationKind kind, DeploymentEnvironment environment, CancellationToken ct,
        IReadOnlyCollection<Stage>? stages = null)
    {
        var tiers = servedTiers.Count == 0 ? Enum.GetValues<RiskTier>() : servedTiers.Distinct().Order().ToArray();
        var wanted = PromotionStages.Where(s => stages is null || stages.Contains(s)).ToArray();
        // Every (tier, stage) policy in one statement, then in the order the pairs were asked in before (tier, then stage).
        var inForce = (await policies.InForceAsync(db, tiers, wanted, ct)).ToDictionary(p => (p.RiskTier, p.TargetStage));
        var rules = new List<ApplicableRule>();
        foreach (var tier in tiers)
        foreach (var stage in wanted)
        {
            if (inForce.GetValueOrDefault((tier, stage)) is not { } policy || PolicyYaml.Parse(policy.Yaml).Value is not { } definition) continue;
            rules.AddRange(Of(definition, tier, stage, policy.Version, kind, environment));
        }
        return rules;
    }

    /// <summary>
    /// The rules of one policy that judge evidence of <paramref name="kind"/> from <paramref name="environment"/>: none
    /// when the policy does not accept evidence from there. Also how an evidence pack reads the policy its request bound.
    /// </summary>
    public static IEnumerable<ApplicableRule> Of(PolicyDefinition definition, RiskTier tier, Stage stage, int policyVersion,
        EvaluationKind kind, DeploymentEnvironment environment) =>
        definition.AcceptsEvidenceFrom(environment)
            ? definition.Evidence.Where(r => r.Kind == kind).Select(r => new ApplicableRule(definition.Name, tier, stage, policyVersion, r))
            : [];
}
