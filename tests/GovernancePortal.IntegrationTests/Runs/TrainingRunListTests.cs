using GovernancePortal.Core.Features.Runs;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Runs;

/// <summary>The training runs list: each run's metrics and the model versions it produced.</summary>
public class TrainingRunListTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task List_ShowsMetricsAndProducedVersions()
    {
        var page = await factory.Get<TrainingRunService>().ListAsync("train-credit-risk-xgb", 0, 50);

        Assert.Equal(3, page.Items.Count);
        Assert.All(page.Items, r =>
        {
            Assert.True(r.Metrics.ContainsKey("val_auc"));
            Assert.StartsWith("credit-risk-xgb v1.", Assert.Single(r.Produced).Label);
        });
        Assert.Equal(["credit-risk-xgb v1.0.0", "credit-risk-xgb v1.1.0", "credit-risk-xgb v1.2.0"],
            page.Items.Select(r => r.Produced[0].Label).Order());
    }
}
