using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Promotions;

/// <summary>"Changes since the last approved version" on the demo: imported approvals count, and both sides are shown.</summary>
public class VersionDiffTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PromotionDetail> DetailAsync(string model, string version, Stage stage, bool imported = false)
    {
        var row = (await factory.Get<PromotionQueries>().ListAsync(null, pageSize: 200)).Items
            .Where(r => r.ModelName == model && r.Version == version && r.Stage == stage && r.IsImported == imported)
            .OrderByDescending(r => r.CreatedAt).First();
        return (await factory.Get<PromotionQueries>().DetailAsync(row.Id))!;
    }

    [Fact]
    public async Task Diff_AfterAnImportedPrePortalApproval_ComparesWithIt_AndSaysItWasImported()
    {
        var detail = await DetailAsync("fraud-gbt", "4.3.0", Stage.Production);

        Assert.NotNull(detail.Previous);
        Assert.Equal("4.2.0", detail.Previous.Version);
        Assert.Equal("CHG-2025-0588", detail.Previous.ImportedFrom);
        var recall = Assert.Single(detail.Diff, d => d.Aspect == "Performance: recall_at_1pct_fpr");
        Assert.Equal(("0.71", "0.76", true), (recall.Before, recall.After, recall.Changed));
    }

    [Fact]
    public async Task ImportedApproval_IsMarkedAsImported_WithItsChangeRecord()
    {
        var imported = (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Approved, pageSize: 200)).Items
            .Single(r => r.ModelName == "fraud-gbt" && r.Version == "4.2.0" && r.Stage == Stage.Production);
        Assert.True(imported.IsImported);
        Assert.Equal("CHG-2025-0588", imported.ImportedFrom);
        // Requests made in the portal are not.
        Assert.False((await DetailAsync("fraud-gbt", "4.3.0", Stage.Staging)).Request.IsImported);
    }

    [Fact]
    public async Task Diff_ShowsOldAndNewSideBySide_ForEveryAspect_AndMarksWhatChanged()
    {
        var detail = await DetailAsync("credit-risk-xgb", "1.2.0", Stage.Production);

        Assert.Equal("1.1.0", detail.Previous!.Version);
        Assert.Equal(["Artifact", "Training data", "Metrics", "AI Card"], detail.Diff.Select(d => d.Group).Distinct());
        var digest = Assert.Single(detail.Diff, d => d.Aspect == "Digest");
        Assert.True(digest.Changed);
        Assert.Equal(64, digest.Before.Length);
        Assert.Equal(64, digest.After.Length);
        var bias = Assert.Single(detail.Diff, d => d.Aspect == "Bias evaluation");
        Assert.Equal(("passed", "failed"), (bias.Before, bias.After));
        var dpd = Assert.Single(detail.Diff, d => d.Aspect == "Bias: demographic_parity_difference");
        Assert.Equal(("0.06", "0.14"), (dpd.Before, dpd.After));
        // Unchanged aspects are listed too, not hidden.
        var framework = Assert.Single(detail.Diff, d => d.Aspect == "Framework");
        Assert.False(framework.Changed);
        Assert.Equal("xgboost 2.1", framework.After);
        Assert.Contains(detail.Diff, d => d.Group == "AI Card" && d.Aspect == "Card" && d.After.StartsWith("revision", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diff_FirstPromotionForAUseAndStage_HasNoPrevious()
    {
        var detail = await DetailAsync("fraud-autoencoder", "1.0.0", Stage.Staging);
        Assert.Null(detail.Previous);
        Assert.Empty(detail.Diff);
    }
}
