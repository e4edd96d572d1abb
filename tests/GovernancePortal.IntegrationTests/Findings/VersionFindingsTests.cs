using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Findings;

/// <summary>The review screen's findings: on the version, its evaluations, its producing run, that run's inputs and its endpoints.</summary>
public class VersionFindingsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PromotionDetail> PendingAsync(string model, Stage stage)
    {
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        var request = (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Pending, pageSize: 200)).Items
            .Single(r => r.ModelName == model && r.Stage == stage);
        return (await factory.Get<PromotionQueries>().DetailAsync(request.Id))!;
    }

    [Fact]
    public async Task Review_FraudGbtToProduction_ListsTheEndpointFindingsCriticalFirst()
    {
        var detail = await PendingAsync("fraud-gbt", Stage.Production);
        var endpoint = detail.Findings.Where(f => f.Relation == FindingRelation.Endpoint).ToList();
        Assert.Contains(endpoint, f => f.Finding.Rule == FindingRule.UntrackedPromotion && f.Finding.EntityName == "fraud-scoring (Production)");
        Assert.Contains(endpoint, f => f.Finding.Rule == FindingRule.DeploymentServesUnregisteredDigest);
        Assert.Equal(detail.Findings.OrderByDescending(f => f.Finding.Severity).Select(f => f.Finding.Id), detail.Findings.Select(f => f.Finding.Id));
        Assert.All(detail.Findings, f => Assert.Null(f.Finding.ResolvedAt));
    }

    [Fact]
    public async Task Review_FraudAutoencoder_ListsTheFindingOnItsProducingRun()
    {
        var detail = await PendingAsync("fraud-autoencoder", Stage.Staging);
        var run = Assert.Single(detail.Findings, f => f.Relation == FindingRelation.ProducingRun);
        Assert.Equal(FindingRule.RunConsumedUnregisteredDataset, run.Finding.Rule);
        Assert.Equal("train-fraud-autoencoder", run.Finding.EntityName);
    }

    [Fact]
    public async Task FindingsList_SortsCriticalFirst_ThoughSeverityIsStoredAsText()
    {
        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        var service = factory.Get<FindingsService>();
        var listed = (await service.ListAsync(new(Status: FindingStatus.Open), 0, 200)).Items.Select(f => f.Severity).ToList();
        Assert.Equal(FindingSeverity.Critical, listed[0]);
        Assert.Equal(listed.OrderByDescending(s => s), listed);
        var exported = (await service.ExportAsync(new(Status: FindingStatus.Open))).Select(f => f.Severity).ToList();
        Assert.Equal(exported.OrderByDescending(s => s), exported);
    }
}
