using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Cards;

public sealed record RevisionRow(int Number, bool IsPublished, string Sha256, string CreatedBy, DateTime CreatedAt, string Note);

/// <summary>
/// A card as shown: the chosen revision, what it stated (<see cref="SavedFacts"/>), what the register says now
/// (<see cref="LiveFacts"/>), the facts that no longer match (<see cref="Stale"/>) and completeness.
/// <see cref="Card"/> and <see cref="Revision"/> are null while the version has no card.
/// </summary>
public sealed record CardView(
    ModelFacts Version, CardFacts LiveFacts, AiCard? Card, AiCardRevision? Revision, CardFacts? SavedFacts,
    IReadOnlyList<FactChange> Stale, Completeness Completeness, IReadOnlyList<RevisionRow> History)
{
    public bool IsStale => Stale.Count > 0;
    public IReadOnlyDictionary<string, string> Sections => Revision?.Sections ?? new Dictionary<string, string>();
}

public sealed record SectionComparison(string Key, string Title, bool Changed, IReadOnlyList<DiffLine> Lines);

/// <summary>Reads cards for people and services, and answers the promotion gates (<see cref="IPublishedCards"/>).</summary>
public sealed class CardReader(IDbContextFactory<GovernanceDbContext> dbFactory) : IPublishedCards
{
    /// <summary>
    /// The card of a version at <paramref name="revision"/>; without one, the latest published revision when
    /// <paramref name="preferPublished"/> (exports, reviewers) and otherwise the latest revision (the editor).
    /// </summary>
    public async Task<Result<CardView>> GetAsync(Caller caller, Guid versionId, int? revision = null, bool preferPublished = false, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Reader, "read AI Cards") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await CardFactsReader.ReadAsync(db, versionId, ct);
        if (live is null) return new Error.NotFound("Model version");
        var card = await db.Set<AiCard>().AsNoTracking().FirstOrDefaultAsync(c => c.ModelVersionId == versionId, ct);
        if (card is null)
            return new CardView(live.Model, live, null, null, null, [], CardCompleteness.Evaluate(new Dictionary<string, string>(), live), []);

        var number = revision ?? (preferPublished ? card.PublishedRevision ?? card.LatestRevision : card.LatestRevision);
        var chosen = await db.Set<AiCardRevision>().AsNoTracking().FirstOrDefaultAsync(r => r.CardId == card.Id && r.Number == number, ct);
        if (chosen is null) return new Error.NotFound($"Revision {number} of this AI Card");
        var saved = CardCanonical.ParseFacts(chosen.FactsJson);
        var history = await db.Set<AiCardRevision>().AsNoTracking().Where(r => r.CardId == card.Id).OrderByDescending(r => r.Number).Take(200)
            .Select(r => new RevisionRow(r.Number, r.IsPublished, r.Sha256, r.CreatedBy, r.CreatedAt, r.Note)).ToListAsync(ct);
        // A draft is judged against the live register (its facts are refreshed on save and on submission); a
        // published revision against what it froze.
        var completeness = CardCompleteness.Evaluate(chosen.Sections, chosen.IsPublished ? saved : live);
        return new CardView(live.Model, live, card, chosen, saved, FactDiff.Between(saved, live), completeness, history);
    }

    public async Task<Result<IReadOnlyList<SectionComparison>>> CompareAsync(Caller caller, Guid versionId, int left, int right, CancellationToken ct = default)
    {
        var a = await GetAsync(caller, versionId, left, ct: ct);
        if (!a.Succeeded) return a.Error!;
        var b = await GetAsync(caller, versionId, right, ct: ct);
        if (!b.Succeeded) return b.Error!;
        if (a.Value!.Revision is null) return new Error.NotFound("AI Card");
        return CardSections.All.Select(key =>
        {
            var before = a.Value.Sections.GetValueOrDefault(key);
            var after = b.Value!.Sections.GetValueOrDefault(key);
            return new SectionComparison(key, CardSectionInfo.Title(key), (before ?? "") != (after ?? ""), SectionDiff.Lines(before, after));
        }).ToList();
    }

    public async Task<PublishedCard?> LatestPublishedAsync(Guid modelVersionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var card = await db.Set<AiCard>().AsNoTracking().FirstOrDefaultAsync(c => c.ModelVersionId == modelVersionId && c.PublishedRevision != null, ct);
        if (card is null) return null;
        var revision = await db.Set<AiCardRevision>().AsNoTracking().FirstAsync(r => r.CardId == card.Id && r.Number == card.PublishedRevision, ct);
        // The same comparison the card page's stale warning makes, limited to what a review judged.
        var live = await CardFactsReader.ReadAsync(db, modelVersionId, ct);
        IReadOnlyList<FactChange> stale = live is null ? [] : FactDiff.ForReview(CardCanonical.ParseFacts(revision.FactsJson), live);
        return ToPublished(card.Id, revision, stale);
    }

    // A current card carries no list (null, not an empty one) so two readings of the same revision compare equal.
    internal static PublishedCard ToPublished(Guid cardId, AiCardRevision r, IReadOnlyList<FactChange>? stale = null) => new(cardId, r.Number, r.Sha256,
        CardCompleteness.Completed(r.Sections, CardCanonical.ParseFacts(r.FactsJson)), r.PublishedAt ?? r.CreatedAt, stale is { Count: > 0 } ? stale : null);
}
