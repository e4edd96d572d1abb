namespace GovernancePortal.Core.Features.Cards;

/// <summary>Until the AI Cards feature is wired in, no card is ever published: card gates report "missing".</summary>
internal sealed class NoPublishedCards : IPublishedCards
{
    public Task<PublishedCard?> LatestPublishedAsync(Guid modelVersionId, CancellationToken ct = default) => Task.FromResult<PublishedCard?>(null);
}
