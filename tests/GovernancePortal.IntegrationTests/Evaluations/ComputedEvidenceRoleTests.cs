using System.Text;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>
/// The upload page calls the service directly, so the service decides who may upload: a compliance officer (read-only)
/// is refused by every computed-evidence entry point, and nothing is stored.
/// </summary>
public class ComputedEvidenceRoleTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static MemoryStream Csv() => new(Encoding.UTF8.GetBytes("row_id,label,prediction\n1,1,1\n2,0,0\n"));

    [Fact]
    public async Task ComplianceOfficer_IsRefusedByEveryUploadEntryPoint_NothingStored()
    {
        var service = factory.Get<ComputedEvaluationService>();
        int Count() { using var db = factory.NewDb(); return db.Evaluations.Count() + db.EvaluationUploads.Count(); }
        var before = Count();

        var bias = await service.ComputeAsync(PortalFactory.Compliance, new ComputeEvaluation("marketing-propensity", "2.2.0", EvaluationKind.Performance,
            DeploymentEnvironment.Staging, null, "p.csv", new PredictionsOptions("label", "prediction")), Csv());
        var redTeam = await service.ComputeRedTeamAsync(PortalFactory.Compliance, new ComputeRedTeam("marketing-propensity", "2.2.0",
            DeploymentEnvironment.Staging, null, "a.csv", RedTeamFormat.Csv), Csv());
        var robustness = await service.ComputeRobustnessAsync(PortalFactory.Compliance, new ComputeRobustness("marketing-propensity", "2.2.0",
            DeploymentEnvironment.Staging, null, RobustnessFormat.Csv, "c.csv", "p.csv", "noise", new RobustnessColumns("row_id", "label", "prediction")),
            Csv(), Csv());

        Assert.IsType<Error.Forbidden>(bias.Error);
        Assert.IsType<Error.Forbidden>(redTeam.Error);
        Assert.IsType<Error.Forbidden>(robustness.Error);
        Assert.Equal(before, Count());
    }
}
