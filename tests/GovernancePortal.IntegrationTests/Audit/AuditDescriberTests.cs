using GovernancePortal.Core.Audit;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Audit;

/// <summary>Audit entries told in words with entity names (the dashboard's recent activity), over the demo's chain.</summary>
public class AuditDescriberTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<IReadOnlyList<AuditLine>> LinesAsync(Func<IQueryable<AuditEntry>, IQueryable<AuditEntry>> pick)
    {
        await using var db = factory.NewDb();
        var entries = await pick(db.AuditEntries.AsNoTracking()).OrderByDescending(a => a.Sequence).Take(50).ToListAsync();
        Assert.NotEmpty(entries);
        return await factory.Get<AuditDescriber>().DescribeAsync(entries);
    }

    [Fact]
    public async Task Finding_ReadsAsWhatTheCheckFound_LinkedToTheEntity()
    {
        var lines = await LinesAsync(q => q.Where(a => a.Action == "Finding.Created"));
        Assert.All(lines, l =>
        {
            Assert.Matches("^(Lineage|Promotion|Evidence|Service identity|AI Card|Production monitoring) check found: ", l.Text);
            Assert.NotNull(l.Subject);
        });
    }

    [Fact]
    public async Task Rejection_NamesTheModelVersionStageAndUse()
    {
        var lines = await LinesAsync(q => q.Where(a => a.Action == "PromotionRequest.Updated" && a.After!.Contains("\"Rejected\"")));
        var line = Assert.Single(lines);
        Assert.Equal("risk@demo.local rejected credit-risk-xgb v1.2.0 → Production for Retail credit scoring", line.Text);
        Assert.Equal(SubjectKind.Promotion, line.Subject!.Kind);
    }

    [Fact]
    public async Task Signature_AndStageChange_ReadAsSentences()
    {
        var signed = await LinesAsync(q => q.Where(a => a.Action == "PromotionApproval.Created" && a.Actor == "platform@demo.local"));
        Assert.Contains(signed, l => l.Text == "platform@demo.local signed fraud-gbt v4.3.0 → Production for Card fraud detection as Platform reviewer");
        var stages = await LinesAsync(q => q.Where(a => a.Action == "ModelVersionStage.Created"));
        Assert.Contains(stages, l => l.Text.EndsWith("set credit-risk-xgb v1.1.0 to Production for Retail credit scoring", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoLine_ShowsARawGuid()
    {
        // Finding messages are the findings engine's own words (cleaned up there); every sentence built here names things.
        var lines = await LinesAsync(q => q.Where(a => a.EntityType != "Api" && a.EntityType != "Finding"));
        Assert.All(lines, l => Assert.DoesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-", l.Text));
    }

    [Fact]
    public void Words_SplitsPascalCase() => Assert.Equal("signed in", AuditDescriber.Words("SignedIn"));
}
