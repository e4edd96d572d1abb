using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Findings.Engine;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings.Rules;

/// <summary>
/// A version in Production whose published AI Card states facts the register no longer does (the card page's stale
/// warning, <see cref="FactDiff"/>): what reviewers approved no longer describes what runs.
/// </summary>
public sealed class CardDriftRule : IFindingRule
{
    public FindingSignal Signal => FindingSignal.CardDrift;
    public IReadOnlyList<FindingRule> Rules { get; } = [FindingRule.CardDrift];
    public IReadOnlySet<string> ReactsTo { get; } = T.Set(T.AiCard, T.AiCardRevision, T.ModelVersion, T.Model, T.ModelVersionStage, T.Evaluation,
        T.ServingEndpoint, T.LineageEdge, T.TrainingRun, T.DatasetVersion, T.AiSystem);

    public async Task<RuleOutcome> EvaluateAsync(RuleInput input, CancellationToken ct)
    {
        var db = input.Db;
        var cards = db.Set<AiCard>().AsNoTracking()
            .Where(c => c.PublishedRevision != null && db.ModelVersionStages.Any(s => s.ModelVersionId == c.ModelVersionId && s.Stage == Stage.Production));
        HashSet<Guid>? scope = null;
        if (input.Changes is { } changes && !changes.Touches([T.TrainingRun, T.DatasetVersion, T.Model, T.AiSystem]))
        {
            scope = [.. changes.Ids(T.ModelVersion), .. changes.EdgeEnds()];
            var (cardIds, revisions, stages, evaluations, endpoints) = (changes.Ids(T.AiCard).ToList(), changes.Ids(T.AiCardRevision).ToList(),
                changes.Ids(T.ModelVersionStage).ToList(), changes.Ids(T.Evaluation).ToList(), changes.Ids(T.ServingEndpoint).ToList());
            scope.UnionWith(await db.Set<AiCard>().AsNoTracking().Where(c => cardIds.Contains(c.Id) || db.Set<AiCardRevision>().Any(r => r.CardId == c.Id && revisions.Contains(r.Id)))
                .Select(c => c.ModelVersionId).ToListAsync(ct));
            scope.UnionWith(await db.ModelVersionStages.AsNoTracking().Where(s => stages.Contains(s.Id)).Select(s => s.ModelVersionId).ToListAsync(ct));
            scope.UnionWith(await db.Evaluations.AsNoTracking().Where(e => evaluations.Contains(e.Id)).Select(e => e.ModelVersionId).ToListAsync(ct));
            scope.UnionWith(await db.ServingEndpoints.AsNoTracking().Where(e => endpoints.Contains(e.Id) && e.ModelVersionId != null).Select(e => e.ModelVersionId!.Value).ToListAsync(ct));
            var ids = scope.ToList();
            cards = cards.Where(c => ids.Contains(c.ModelVersionId));
        }
        var published = await cards.Select(c => new
        {
            c.ModelVersionId,
            Revision = db.Set<AiCardRevision>().Where(r => r.CardId == c.Id && r.Number == c.PublishedRevision).Select(r => new { r.Number, r.FactsJson }).First(),
        }).ToListAsync(ct);

        var conditions = new List<Condition>();
        foreach (var card in published)
        {
            if (await CardFactsReader.ReadAsync(db, card.ModelVersionId, ct) is not { } live) continue;
            var stale = FactDiff.Between(CardCanonical.ParseFacts(card.Revision.FactsJson), live);
            if (stale.Count == 0) continue;
            var name = T.VersionName(live.Model.Name, live.Model.Version);
            conditions.Add(new(FindingRule.CardDrift, card.ModelVersionId.ToString(), FindingSeverity.Medium, FindingEntity.ModelVersion, card.ModelVersionId, name,
                "Published AI Card is stale",
                $"{name} is in Production and its published AI Card (revision {card.Revision.Number}) no longer matches the register: "
                    + string.Join("; ", stale.Take(5).Select(c => c.Label)) + (stale.Count > 5 ? $" and {stale.Count - 5} more." : "."),
                "Open the card, review the changed facts and submit it again so reviewers see what actually runs."));
        }
        return new(conditions, scope);
    }
}
