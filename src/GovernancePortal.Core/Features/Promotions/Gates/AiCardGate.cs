using GovernancePortal.Core.Features.Cards;

namespace GovernancePortal.Core.Features.Promotions.Gates;

/// <summary>
/// The published AI Card must contain every section the policy requires. Approvals bind to the card revision's
/// hash, so editing the card after approval (a new revision) invalidates them.
/// </summary>
public sealed class AiCardGate(IPublishedCards cards) : IGateCheck
{
    public const string Name = "AI Card";

    public async Task<IReadOnlyList<GateCheckResult>> EvaluateAsync(GateContext c, CancellationToken ct)
    {
        var card = await cards.LatestPublishedAsync(c.Version.Id, ct);
        if (card is null)
            return c.Policy.RequiredCardSections.Count == 0
                ? [new(Name, "Published AI Card", CheckStatus.Passed, "The policy requires no card sections.", [])]
                : [new(Name, "Published AI Card", CheckStatus.Missing, "No AI Card revision has been submitted for review.", [])];

        var evidence = new EvidenceRef("ai-card", card.CardId, $"AI Card revision {card.Revision}", $"card:{card.Revision}:{card.Sha256}");
        var missing = c.Policy.RequiredCardSections.Where(s => !card.CompletedSections.Contains(s)).ToList();
        return missing.Count == 0
            ? [new(Name, "Published AI Card", CheckStatus.Passed, $"Revision {card.Revision} has every required section.", [evidence])]
            : [new(Name, "Published AI Card", CheckStatus.Failed, $"Revision {card.Revision} lacks: {string.Join(", ", missing)}.", [evidence])];
    }
}
