using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GovernancePortal.Core.Features.Cards;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>
/// Published AI Cards under the test's control: every version has a complete card at revision 1 until a test
/// publishes a new revision (a new hash) or removes sections.
/// </summary>
public sealed class FakeCards : IPublishedCards
{
    private readonly ConcurrentDictionary<Guid, PublishedCard> cards = new();

    public Task<PublishedCard?> LatestPublishedAsync(Guid modelVersionId, CancellationToken ct = default) =>
        Task.FromResult<PublishedCard?>(cards.GetOrAdd(modelVersionId, id => Card(id, 1, CardSections.All)));

    public void Publish(Guid modelVersionId, IEnumerable<string>? sections = null)
    {
        var current = LatestPublishedAsync(modelVersionId).Result!;
        cards[modelVersionId] = Card(modelVersionId, current.Revision + 1, sections ?? current.CompletedSections);
    }

    private static PublishedCard Card(Guid versionId, int revision, IEnumerable<string> sections) =>
        new(versionId, revision, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{versionId}:{revision}"))),
            sections.ToHashSet(), DateTime.UtcNow);
}
