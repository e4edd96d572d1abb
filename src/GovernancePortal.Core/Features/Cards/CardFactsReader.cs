using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>Reads a version's card facts from the live register: never typed by hand, always re-read.</summary>
internal static class CardFactsReader
{
    public static async Task<CardFacts?> ReadAsync(GovernanceDbContext db, Guid versionId, CancellationToken ct)
    {
        var model = await db.ModelVersions.AsNoTracking().Where(v => v.Id == versionId)
            .Select(v => new ModelFacts(v.Id, v.Model!.Name, v.Version, v.Sha256, v.Framework, v.ArtifactUri, v.Model.Owner, v.Model.Description))
            .FirstOrDefaultAsync(ct);
        if (model is null) return null;

        // Lineage: the run that produced the version (Produced edge), and what that run consumed.
        // The edge and its run in one statement (a join); the first producing edge whose run is registered.
        var run = await db.LineageEdges.AsNoTracking()
            .Where(e => e.ToId == versionId && e.Kind == EdgeKind.Produced && e.FromType == NodeType.TrainingRun)
            .Join(db.TrainingRuns, e => e.FromId, r => r.Id, (e, r) => new { Edge = e.Id, Run = new RunFacts(r.Id, r.JobName, r.CodeCommit, r.EnvironmentImageDigest) })
            .OrderBy(x => x.Edge).Select(x => x.Run).FirstOrDefaultAsync(ct);
        List<DatasetFacts> datasets = [];
        if (run is not null)
        {
            var rid = run.Id;
            var inputIds = db.LineageEdges.Where(e => e.ToId == rid && e.Kind == EdgeKind.Consumed && e.FromType == NodeType.DatasetVersion)
                .Select(e => e.FromId);
            datasets = (await db.DatasetVersions.AsNoTracking().Where(d => inputIds.Contains(d.Id))
                .Select(d => new DatasetFacts(d.Id, d.Dataset!.Name, d.Version, d.Uri, d.Sha256, d.Licence, d.ContainsPersonalData, d.RowCount))
                .ToListAsync(ct)).OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Version, StringComparer.Ordinal).ThenBy(d => d.Id).ToList();
        }

        var evaluations = (await db.Evaluations.AsNoTracking().Where(e => e.ModelVersionId == versionId)
            .Select(e => new
            {
                e.Id, e.Kind, e.Passed, e.Metrics, e.DatasetVersionId, DatasetName = (string?)e.DatasetVersion!.Dataset!.Name,
                DatasetVersion = (string?)e.DatasetVersion.Version, e.TargetSha256, e.EvaluatedAt,
            }).ToListAsync(ct))
            .OrderBy(e => e.EvaluatedAt).ThenBy(e => e.Id)
            .Select(e => new EvaluationFacts(e.Id, e.Kind, e.Passed, new SortedDictionary<string, double>(e.Metrics, StringComparer.Ordinal),
                e.DatasetVersionId, e.DatasetName is null ? null : $"{e.DatasetName} @ {e.DatasetVersion}", e.TargetSha256, e.EvaluatedAt))
            .ToList();

        var deployments = (await db.ServingEndpoints.AsNoTracking().Where(s => s.ModelVersionId == versionId)
            .Select(s => new DeploymentFacts(s.Id, s.Name, s.Environment, s.ReportedSha256, s.AiSystem == null ? null : s.AiSystem.Name))
            .ToListAsync(ct)).OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Environment).ToList();

        var uses = (await db.ModelVersionStages.AsNoTracking().Where(s => s.ModelVersionId == versionId)
            .Select(s => new UseFacts(s.AiSystemId, s.AiSystem!.Key, s.AiSystem.Name, s.AiSystem.RiskTier, s.Stage))
            .ToListAsync(ct)).OrderBy(u => u.Key, StringComparer.Ordinal).ToList();

        return new CardFacts(model, run, datasets, evaluations, deployments, uses);
    }
}
