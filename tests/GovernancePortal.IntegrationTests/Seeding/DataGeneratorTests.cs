using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Seeding;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Seeding;

/// <summary>
/// generate-data's governance layer at small scale: the read-latency walker needs carded versions and signed
/// promotions with real ids (issue 16), on both providers.
/// </summary>
public class DataGeneratorTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();

    public Task InitializeAsync() { factory.CreateClient(); return Task.CompletedTask; }
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Generate_CardsTheNewestVersionOfEachModel_AndSignsPromotionsBehindHalfTheStages()
    {
        var report = await factory.Get<DataGenerator>().GenerateAsync(300, Actor.System("generate-data"));

        await using var db = factory.NewDb();
        var generated = db.ModelVersions.Where(v => v.Model!.Name.StartsWith("gen"));
        var carded = await (from c in db.Set<AiCard>() join v in generated on c.ModelVersionId equals v.Id select v.Version).ToListAsync();
        Assert.Equal(300 / DataGenerator.VersionsPerModel, report.Cards);
        Assert.Equal(report.Cards, carded.Count);
        Assert.All(carded, v => Assert.Equal($"1.{DataGenerator.VersionsPerModel - 1}.0", v));
        Assert.Equal(report.Cards, await db.Set<AiCardRevision>().CountAsync(r => db.Set<AiCard>().Any(c => c.Id == r.CardId && generated.Any(v => v.Id == c.ModelVersionId))));

        var staged = await db.ModelVersionStages.CountAsync(s => (s.Stage == Stage.Staging || s.Stage == Stage.Production) && generated.Any(v => v.Id == s.ModelVersionId));
        var promotions = await db.PromotionRequests.Include(r => r.Approvals).Where(r => generated.Any(v => v.Id == r.ModelVersionId)).ToListAsync();
        Assert.True(staged > 0, "no generated version was staged in Staging or Production");
        Assert.Equal((staged + 1) / 2, promotions.Count);
        Assert.Equal(report.Promotions, promotions.Count);
        foreach (var p in promotions)
        {
            Assert.Equal(PromotionStatus.Approved, p.Status);
            Assert.True(await db.ModelVersionStages.AnyAsync(s => s.ModelVersionId == p.ModelVersionId && s.AiSystemId == p.AiSystemId && s.Stage == p.TargetStage));
            Assert.Equal(Enum.GetValues<ReviewerRole>().Order(), p.Approvals.Where(a => a.IsValid).Select(a => a.Role).Order());
            Assert.All(p.Approvals, a => Assert.Equal(p.DecisionHash, a.DecisionHash));
            Assert.False(string.IsNullOrEmpty(p.DecisionHash));
        }
        // Bulk writes still carry their summary entries (ADR 0004); the cards their own per-row entries.
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Inventory.Generated" && a.EntityId.Contains("/promotions/")));
        Assert.Equal(report.Cards, await db.AuditEntries.CountAsync(a => a.EntityType == nameof(AiCard) && a.Actor.Contains("generate-data")));
    }
}
