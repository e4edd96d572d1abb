using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>
/// The portal with AI Cards under the test's control, so promotion tests can publish a new card revision at will
/// and fresh test versions need no card editing first. The demo itself still loads through the real card service.
/// </summary>
public sealed class PromotionsFactory : PortalFactory
{
    public PromotionsFactory() => Cards = new FakeCards();
}
