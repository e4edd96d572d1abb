namespace GovernancePortal.Core.Features.Cards.Exports;

/// <summary>One revision of a card as the exports see it: its sections and the facts it stated (its snapshot).</summary>
public sealed record CardDocument(
    Guid CardId, int Revision, bool Published, string Sha256, DateTime At, IReadOnlyDictionary<string, string> Sections,
    CardFacts Facts, Completeness Completeness)
{
    public ModelFacts Model => Facts.Model;

    /// <summary>Null when the view has no card yet.</summary>
    public static CardDocument? From(CardView view) => view is { Card: { } card, Revision: { } r, SavedFacts: { } facts }
        ? new CardDocument(card.Id, r.Number, r.IsPublished, r.Sha256, r.PublishedAt ?? r.CreatedAt, r.Sections, facts,
            CardCompleteness.Evaluate(r.Sections, facts))
        : null;

    public string Status => Published ? "published" : "draft";
}
