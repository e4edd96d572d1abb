using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GovernancePortal.Core.Seeding.DemoCatalog;

namespace GovernancePortal.Core.Seeding;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// The untidy history every real register has, so each consistency rule has something to find in the
    /// demo. Where no portal path produces the situation (it arises from imports or edits outside the
    /// portal), the seeder writes it directly, still through the audited context.
    /// </summary>
    private async Task SeedAnomaliesAsync(Dictionary<string, Guid> versions, Dictionary<string, Guid> datasets, CancellationToken ct)
    {
        var registry = services.GetRequiredService<ModelRegistryService>();
        // Registered by hand years ago: no training run on record.
        Ok(await registry.RegisterVersionAsync(Seeder, new("legacy-scorecard", "0.9.0", "sas 9.4", "s3://model-artifacts/legacy/scorecard.sas",
            Sha("legacy-scorecard:0.9.0"), Tags: ["credit", "legacy"])), "legacy model");

        // A pipeline re-uploaded support-llm-ft 2025.06 and reported the new digest for the same version.
        var llm = (await registry.FindVersionAsync("support-llm-ft", "2025.06", ct))!;
        await registry.RecordDigestConflictAsync(Common.Caller.Service("ci-support-llm", ["models:write"]), llm, Sha("support-llm-ft:2025.06-reupload"), ct);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = Seeder.Actor;
        var now = db.UtcNow;
        // An incremental job that rewrites its own input in place: the dataset version is its own ancestor.
        var run = Ok(await services.GetRequiredService<TrainingRunService>().RegisterAsync(Seeder, new("dedupe-campaign-responses", "5e1f0c2", "",
            RunStatus.Completed, DaysAgo(3), DaysAgo(3).AddMinutes(20), null, null, [datasets["marketing/campaign-responses@2025-03"]]), ct), "cyclic run");
        db.LineageEdges.Add(Edges.Produced(run, datasets["marketing/campaign-responses@2025-03"], NodeType.DatasetVersion, now));
        // An importer recorded that the fraud autoencoder's run read a dataset version that was never registered.
        var autoencoderRun = await db.LineageEdges.Where(e => e.ToId == versions["fraud-autoencoder:1.0.0"] && e.Kind == EdgeKind.Produced).Select(e => e.FromId).FirstAsync(ct);
        db.LineageEdges.Add(Edges.Consumed(Guid.CreateVersion7(), autoencoderRun, now));
        // The toxicity guard's robustness run tested the artifact before its last re-export.
        var evaluation = await db.Evaluations.FirstAsync(e => e.ModelVersionId == versions["support-toxicity-guard:1.4.0"], ct);
        evaluation.TargetSha256 = Sha("support-toxicity-guard:1.4.0-before-reexport");
        await db.SaveChangesAsync(ct);
    }

}
