using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Inventory;

/// <summary>The model page: it loads (no SQLite APPLY), and compares every version's metrics.</summary>
public class VersionComparisonTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<Guid> ModelIdAsync(string name)
    {
        await using var db = factory.NewDb();
        return await db.Models.Where(m => m.Name == name).Select(m => m.Id).SingleAsync();
    }

    [Fact]
    public async Task GetModel_LoadsVersionsWithTheirStages()
    {
        var model = await factory.Get<ModelRegistryService>().GetModelAsync(await ModelIdAsync("credit-risk-xgb"));
        Assert.NotNull(model);
        Assert.Equal(["1.2.0", "1.1.0", "1.0.0"], model.Versions.Select(v => v.Version));
        Assert.Contains(model.Versions.Single(v => v.Version == "1.1.0").Stages, s => s.AiSystem!.Name == "Retail credit scoring");
    }

    [Fact]
    public async Task Compare_MetricsSideBySide_OldestFirst_FailedEvaluationsMarked()
    {
        var comparison = await factory.Get<VersionComparisonService>().CompareAsync(await ModelIdAsync("credit-risk-xgb"));

        Assert.Equal(["1.0.0", "1.1.0", "1.2.0"], comparison.Versions.Select(v => v.Version));
        var (v110, v120) = (comparison.Versions[1], comparison.Versions[2]);
        // Computed by the demo seeder from the shipped sample predictions (Seeding/Samples, generate-samples).
        Assert.Equal(0.9175, v110.Metrics["Performance · roc_auc"], 4);
        Assert.Equal(0.9130, v120.Metrics["Performance · roc_auc"], 4);
        Assert.Equal(0.14, v120.Metrics["Bias · demographic_parity_difference"]);
        Assert.Contains("Bias", v120.FailedKinds);
        Assert.DoesNotContain("Bias", v110.FailedKinds);
        Assert.All(comparison.Versions, v => Assert.True(v.Metrics.ContainsKey("Training · val_auc")));
        // Evaluation metrics come before training ones.
        Assert.True(comparison.MetricNames.ToList().IndexOf("Performance · roc_auc") < comparison.MetricNames.ToList().IndexOf("Training · val_auc"));
    }
}
