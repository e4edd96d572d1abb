using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Cards.Exports;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Lineage.Layout;
using GovernancePortal.Core.Features.Promotions;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>Reads the facts evidence documents show, from the same services and queries the portal's pages use.</summary>
public sealed class EvidenceReader(
    IDbContextFactory<GovernanceDbContext> dbFactory, PromotionQueries promotions, CardReader cards, LineageViewService lineage,
    PolicyService policies)
{
    /// <summary>Audit rows shown in one pack at most; the excerpt says how many more there are.</summary>
    public const int AuditLimit = 2_000;

    public async Task<PackStamp> StampAsync(string issuedBy, DateTime issuedAt, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(ct);
        var id = $"EP-{issuedAt:yyyyMMdd}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        return new PackStamp(id, issuedAt, issuedBy, head?.Sequence ?? 0, head?.Hash ?? "");
    }

    /// <summary>
    /// The facts about a version in one use. Its evaluations are judged as the gate judges them: by <paramref name="judgedBy"/>
    /// (a promotion pack: the policy its request bound, for the stage requested), else by every policy in force for the
    /// use's risk tier that accepts the evaluation's environment, as the evaluation page shows them. A promotion pack
    /// (<paramref name="promotion"/>) whose request bound no readable policy judges by none: its gate had none either.
    /// </summary>
    public async Task<SubjectFacts?> SubjectAsync(Caller caller, Guid versionId, Guid aiSystemId, int? cardRevision, CancellationToken ct,
        PromotionPolicy? judgedBy = null, bool promotion = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.ModelVersions.AsNoTracking().Include(v => v.Model).FirstOrDefaultAsync(v => v.Id == versionId, ct);
        var system = await db.AiSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == aiSystemId, ct);
        if (version is null || system is null) return null;
        var view = await cards.GetAsync(caller, versionId, cardRevision, preferPublished: true, ct);
        var card = view.Succeeded ? CardDocument.From(view.Value!) : null;

        var evaluations = await db.Evaluations.AsNoTracking().Include(e => e.DatasetVersion).ThenInclude(d => d!.Dataset).Include(e => e.Upload)
            .Where(e => e.ModelVersionId == versionId).OrderBy(e => e.Kind).ThenByDescending(e => e.EvaluatedAt).ToListAsync(ct);
        var bound = judgedBy is null ? null : PolicyYaml.Parse(judgedBy.Yaml).Value;
        var facts = new List<EvaluationFact>();
        foreach (var e in evaluations)
        {
            IReadOnlyList<ApplicableRule> rules = bound is not null
                ? EvaluationPolicies.Of(bound, judgedBy!.RiskTier, judgedBy.TargetStage, judgedBy.Version, e.Kind, e.Environment).ToList()
                : promotion ? []
                : await EvaluationPolicies.ForAsync(db, policies, [system.RiskTier], e.Kind, e.Environment, ct);
            facts.Add(new EvaluationFact(e, e.DatasetVersion is { } d ? $"{d.Dataset!.Name}@{d.Version}" : null, rules));
        }

        var graph = await lineage.LoadAsync(NodeType.ModelVersion, versionId, 2, LineageScope.Both, ct: ct);
        var layout = graph is null ? LineageLayout.Empty : LayeredLayout.Compute(graph);
        var findings = await EvidenceFindings.AboutAsync(db, [versionId, aiSystemId, .. evaluations.Select(e => e.Id)], ct);
        return new SubjectFacts(system, version, version.Model!.Name, version.Model.Description, card, facts, layout, graph?.NotShown ?? 0, findings);
    }

    /// <summary>Audit entries about the given entities, oldest first, at most <see cref="AuditLimit"/>.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, int Total)> AuditAsync(IReadOnlyCollection<string> entityIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.AuditEntries.AsNoTracking().Where(a => entityIds.Contains(a.EntityId));
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(a => a.Sequence).Take(AuditLimit).ToListAsync(ct);
        return (rows, total);
    }

    public async Task<PromotionDetail?> PromotionAsync(Guid id, CancellationToken ct) => await promotions.DetailAsync(id, ct);

    public async Task<PromotionPolicy?> PolicyAsync(Guid? id, CancellationToken ct) => id is { } p ? await policies.FindAsync(p, ct) : null;

    /// <summary>Ids whose audit entries belong in a promotion's excerpt: the request, its approvals, the version, its card and evaluations.</summary>
    public async Task<List<string>> AuditSubjectsAsync(Guid promotionId, Guid versionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = new List<Guid> { promotionId, versionId };
        ids.AddRange(await db.PromotionApprovals.AsNoTracking().Where(a => a.PromotionRequestId == promotionId).Select(a => a.Id).ToListAsync(ct));
        ids.AddRange(await db.Evaluations.AsNoTracking().Where(e => e.ModelVersionId == versionId).Select(e => e.Id).ToListAsync(ct));
        var cardIds = await db.Set<AiCard>().AsNoTracking().Where(c => c.ModelVersionId == versionId).Select(c => c.Id).ToListAsync(ct);
        ids.AddRange(cardIds);
        ids.AddRange(await db.Set<AiCardRevision>().AsNoTracking().Where(r => cardIds.Contains(r.CardId)).Select(r => r.Id).ToListAsync(ct));
        ids.AddRange(await db.ModelVersionStages.AsNoTracking().Where(s => s.ModelVersionId == versionId).Select(s => s.Id).ToListAsync(ct));
        return ids.Select(i => i.ToString()).ToList();
    }

    public async Task<string> DecisionInputsJsonAsync(Guid promotionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PromotionRequests.AsNoTracking().Where(r => r.Id == promotionId).Select(r => r.DecisionInputs).FirstOrDefaultAsync(ct) ?? "{}";
    }

    /// <summary>The card revision the request's decision inputs bound ("card:{revision}:{hash}"), if any.</summary>
    public static int? BoundCardRevision(string decisionInputsJson) =>
        DecisionInputsCard(decisionInputsJson) is { } binding && int.TryParse(binding.Split(':')[1], out var n) ? n : null;

    private static string? DecisionInputsCard(string json) =>
        Promotions.Gates.DecisionInputs.FromJson(json).Evidence.Select(e => e.Binding).FirstOrDefault(b => b.StartsWith("card:", StringComparison.Ordinal));
}
