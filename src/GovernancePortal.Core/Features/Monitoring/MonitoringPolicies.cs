using System.Collections.Concurrent;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Features.Promotions;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// Which policy governs an endpoint's monitoring (ADR 0041): the one in force for the endpoint's use (its risk tier) and
/// stage (Production for a production endpoint, else Staging): the policy its version was, or will be, promoted under.
/// An endpoint that names no use takes the use its version is staged for in that stage (the highest risk tier when
/// several). No use or no policy: the shipped defaults (<see cref="MonitoringOptions"/>).
/// </summary>
public static class MonitoringPolicies
{
    // Policy versions are immutable rows, so a parsed section never goes stale.
    private static readonly ConcurrentDictionary<Guid, (string Name, MonitoringSection? Section)> Parsed = new();

    public static async Task<MonitoringRules> RulesForAsync(GovernanceDbContext db, EndpointRow endpoint, MonitoringOptions options, CancellationToken ct)
    {
        var stage = endpoint.Environment == DeploymentEnvironment.Production ? Stage.Production : Stage.Staging;
        RiskTier? tier = endpoint.AiSystemId is { } useId
            ? await db.AiSystems.AsNoTracking().Where(s => s.Id == useId).Select(s => (RiskTier?)s.RiskTier).FirstOrDefaultAsync(ct)
            : null;
        if (tier is null && (endpoint.ServedVersionId ?? endpoint.ReportedVersionId) is { } versionId)
            tier = await db.ModelVersionStages.AsNoTracking().Where(s => s.ModelVersionId == versionId && s.Stage == stage)
                .OrderByDescending(s => s.AiSystem!.RiskTier).Select(s => (RiskTier?)s.AiSystem!.RiskTier).FirstOrDefaultAsync(ct);
        if (tier is not { } t) return new MonitoringRules(options, null, null);
        var policy = await db.Set<PromotionPolicy>().AsNoTracking().Where(p => p.RiskTier == t && p.TargetStage == stage)
            .OrderByDescending(p => p.Version).Select(p => new { p.Id, p.Version }).FirstOrDefaultAsync(ct);
        if (policy is null) return new MonitoringRules(options, null, null);
        if (!Parsed.TryGetValue(policy.Id, out var parsed))
        {
            var yaml = await db.Set<PromotionPolicy>().AsNoTracking().Where(p => p.Id == policy.Id).Select(p => p.Yaml).FirstAsync(ct);
            // Saved policies passed the parser; one that no longer parses (a stricter release) falls back to the shipped defaults.
            var definition = PolicyYaml.Parse(yaml).Value;
            parsed = Parsed.GetOrAdd(policy.Id, (definition?.Name ?? "(unparseable)", definition?.Monitoring));
        }
        return new MonitoringRules(options, new PolicyRef(policy.Id, parsed.Name, policy.Version), parsed.Section);
    }
}
