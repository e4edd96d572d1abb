using GovernancePortal.Core.Features.Cards;

namespace GovernancePortal.Core.Features.Promotions.Gates;

/// <summary>
/// The published AI Card must contain every section the policy requires and still state the register as it is (the
/// card page's stale warning, limited to the reviewed facts). Approvals bind to the card revision's hash, so editing
/// the card after approval (a new revision) invalidates them.
/// </summary>
public sealed class AiCardGate(IPublishedCards cards) : IGateCheck
{
    public const string Name = "AI Card";
    private const string Check = "Published AI Card";

    public async Task<IReadOnlyList<GateCheckResult>> EvaluateAsync(GateContext c, CancellationToken ct)
    {
        var card = await cards.LatestPublishedAsync(c.Version.Id, ct);
        if (card is null)
            return c.Policy.RequiredCardSections.Count == 0
                ? [new(Name, Check, CheckStatus.Passed, "The policy requires no card sections.", [])]
                : [new(Name, Check, CheckStatus.Missing, "No AI Card revision has been submitted for review.", [])];

        var evidence = new EvidenceRef("ai-card", card.CardId, $"AI Card revision {card.Revision}", $"card:{card.Revision}:{card.Sha256}");
        var missing = c.Policy.RequiredCardSections.Where(s => !card.CompletedSections.Contains(s)).ToList();
        if (missing.Count > 0)
            return [new(Name, Check, CheckStatus.Failed, $"Revision {card.Revision} lacks: {string.Join(", ", missing)}.{StaleNote(card)}", [evidence])];
        if (card.Stale.Count == 0)
            return [new(Name, Check, CheckStatus.Passed, $"Revision {card.Revision} has every required section and states the register as it is.", [evidence])];
        return c.Policy.AllowStaleCard
            ? [new(Name, Check, CheckStatus.Passed,
                $"Revision {card.Revision} has every required section, but the published card is stale: {WhatChanged(card)}. The policy allows a stale card (allowStaleCard).",
                [evidence])]
            : [new(Name, Check, CheckStatus.Failed,
                $"The published card is stale: {WhatChanged(card)}. Submit the card for review again so it states the register as it is.", [evidence])];
    }

    private static string StaleNote(PublishedCard card) => card.Stale.Count == 0 ? "" : $" The published card is also stale: {WhatChanged(card)}.";

    private static string WhatChanged(PublishedCard card) =>
        string.Join("; ", card.Stale.Take(5).Select(FactDiff.Describe)) + (card.Stale.Count > 5 ? $"; and {card.Stale.Count - 5} more" : "");
}
