using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Findings.Engine;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Endpoints;

/// <summary>
/// The demo's fraud-scoring Production endpoint reports fraud-gbt v4.3.0 but serves a hot-fixed artifact: list, page, lineage
/// and findings tell that one truth (EndpointServing).
/// </summary>
public class EndpointServingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task HotFixedArtifact_IsUnregisteredInTheListAndOnThePage_AndReportedAsTheVersionItNames()
    {
        var endpoints = factory.Get<EndpointService>();
        var row = (await endpoints.ListAsync()).Single(e => e.Name == "fraud-scoring" && e.Environment == DeploymentEnvironment.Production);
        Assert.False(row.ServesRegistered);
        Assert.Null(row.Served);
        Assert.True(row.ReportDisagrees);
        Assert.Equal("fraud-gbt v4.3.0", row.Reported);
        Assert.Equal(row, await endpoints.GetAsync(row.Id));
        Assert.Contains((await endpoints.ListAsync(registered: false)), e => e.Id == row.Id);
        Assert.DoesNotContain((await endpoints.ListAsync(registered: true)), e => e.Id == row.Id);

        var staging = (await endpoints.ListAsync()).Single(e => e.Name == "fraud-scoring" && e.Environment == DeploymentEnvironment.Staging);
        Assert.Equal("fraud-gbt v4.3.0", staging.Served);
        Assert.False(staging.ReportDisagrees);
    }

    [Fact]
    public async Task HotFixedArtifact_GetsNoDeployedAsEdge_ButAFindingOfEachKind()
    {
        var row = (await factory.Get<EndpointService>().ListAsync()).Single(e => e.Name == "fraud-scoring" && e.Environment == DeploymentEnvironment.Production);
        await using (var db = factory.NewDb())
            Assert.False(await db.LineageEdges.AnyAsync(e => e.ToId == row.Id && e.Kind == EdgeKind.DeployedAs));

        await factory.Get<FindingsEngine>().EvaluateAllAsync("test");
        var findings = await factory.Get<FindingsService>().OpenForAsync(row.Id);
        Assert.Contains(findings, f => f.Rule == FindingRule.DeploymentServesUnregisteredDigest);
        var untracked = Assert.Single(findings, f => f.Rule == FindingRule.UntrackedPromotion);
        Assert.Equal(FindingSeverity.Critical, untracked.Severity);
        Assert.Contains("reported as fraud-gbt v4.3.0", untracked.Message);
    }

    [Fact]
    public async Task Report_OfARegisteredDigestUnderAnotherName_LinksTheServedVersion()
    {
        var endpoints = factory.Get<EndpointService>();
        await using var db = factory.NewDb();
        var v420 = await db.ModelVersions.Include(v => v.Model).SingleAsync(v => v.Model!.Name == "fraud-gbt" && v.Version == "4.2.0");
        // The infrastructure says 4.3.0, the digest says 4.2.0: the digest decides.
        var id = (await endpoints.ReportAsync(PortalFactory.Scientist, new("fraud-shadow", DeploymentEnvironment.Development, "", "fraud-gbt", "4.3.0", v420.Sha256, null))).Value;
        var row = (await endpoints.GetAsync(id))!;
        Assert.Equal(v420.Id, row.ServedVersionId);
        Assert.True(row.ReportDisagrees);
        Assert.True(await db.LineageEdges.AnyAsync(e => e.FromId == v420.Id && e.ToId == id && e.Kind == EdgeKind.DeployedAs));
    }
}
