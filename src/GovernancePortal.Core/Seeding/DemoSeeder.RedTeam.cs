using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core.Seeding;

public sealed partial class DemoSeeder
{
    /// <summary>The demo's garak report for the LLM support assistant's candidate (synthetic, written for the demo; ADR 0033).</summary>
    internal const string GarakSample = "support-llm-ft-2025.06.garak.report.jsonl";

    /// <summary>
    /// The LLM support assistant's red-team evidence, computed from a garak report shipped with the portal by the same
    /// service the upload route calls: 33 successful attacks in 964 (3.4 %), within the Staging limit for limited risk
    /// (5 %) but above Production's (2 %), so a request to promote 2025.06 to Production is held by its evidence gate.
    /// </summary>
    private async Task SeedRedTeamAsync(Dictionary<string, Guid> datasets, CancellationToken ct)
    {
        await using var report = DemoSamples.Open(GarakSample);
        Ok(await services.GetRequiredService<ComputedEvaluationService>().ComputeRedTeamAsync(Seeder,
            new ComputeRedTeam("support-llm-ft", "2025.06", DeploymentEnvironment.Staging, datasets["support/jailbreak-prompts@v3"],
                GarakSample, RedTeamFormat.Garak), report, ct), "red-team evaluation of support-llm-ft 2025.06");
    }
}
