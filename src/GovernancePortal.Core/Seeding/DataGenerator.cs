using System.Diagnostics;
using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Lineage;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Seeding;

public sealed record GenerationReport(int ModelVersions, int Runs, int Evaluations, int Edges, TimeSpan Elapsed, int Endpoints = 0, int Cards = 0, int Promotions = 0);

/// <summary>
/// Synthetic inventory at scale for benchmarks: models with chains of versions (each fine-tuned from the
/// previous, so lineage is ~20 levels deep), their runs, datasets and evaluations. Written in batches, each
/// batch one transaction with one summary audit entry (ADR 0004). Then AI Cards and promotions over them
/// (DataGenerator.Governance.cs).
/// </summary>
public sealed partial class DataGenerator(IDbContextFactory<GovernanceDbContext> dbFactory, TimeProvider time,
    Features.Cards.CardService cards, Features.Promotions.Gates.GateEvaluator gates)
{
    public const int VersionsPerModel = 10;
    private const int BatchVersions = 2_000;
    private static readonly string[] Frameworks = ["xgboost 2.1", "pytorch 2.4", "scikit-learn 1.5", "lightgbm 4.3", "transformers 4.52", "onnx 1.16"];
    private static readonly string[] Families = ["credit", "fraud", "churn", "pricing", "nlp", "vision", "forecast", "support"];
    private static readonly EvaluationKind[] EvalKinds = [EvaluationKind.Performance, EvaluationKind.Bias, EvaluationKind.Robustness, EvaluationKind.Adversarial];

    public async Task<GenerationReport> GenerateAsync(int modelVersions, Actor actor, IProgress<string>? progress = null, CancellationToken ct = default, int endpoints = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modelVersions, 1);
        var clock = Stopwatch.StartNew();
        var tag = $"gen{time.GetUtcNow():yyMMddHHmmss}";
        // Seeded from the tag: one run is reproducible from its tag, and two runs never share digests.
        var random = new Random(tag.GetHashCode(StringComparison.Ordinal) ^ 7);
        var (systems, datasetVersions) = await PrepareAsync(actor, tag, ct);

        int runs = 0, evaluations = 0, edges = 0, done = 0;
        Guid previous = Guid.Empty;
        while (done < modelVersions)
        {
            var count = Math.Min(BatchVersions, modelVersions - done);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Actor = actor;
            db.AuditSummaryOnly = true;
            var now = db.UtcNow;
            Model? model = null;
            for (var i = done; i < done + count; i++)
            {
                if (i % VersionsPerModel == 0)
                {
                    var family = Families[random.Next(Families.Length)];
                    model = new Model { Name = $"{tag}-{family}-{i / VersionsPerModel:D6}", Owner = actor.Name, CreatedAt = now, Description = "Synthetic" };
                    db.Models.Add(model);
                    previous = Guid.Empty;
                }
                var created = now.AddMinutes(-(modelVersions - i));
                var run = new TrainingRun { JobName = $"train-{model!.Name}", CodeCommit = Hex(random, 40), Status = RunStatus.Completed, StartedAt = created.AddHours(-2), EndedAt = created, CreatedBy = actor.Name };
                var version = new ModelVersion
                {
                    ModelId = model.Id, Version = $"1.{i % VersionsPerModel}.0", Framework = Frameworks[random.Next(Frameworks.Length)],
                    ArtifactUri = $"s3://synthetic/{model.Name}/{i % VersionsPerModel}/model.bin", Sha256 = Hex(random, 64),
                    SizeBytes = random.Next(1_000_000, 900_000_000), CreatedBy = actor.Name, CreatedAt = created,
                    Tags = ["synthetic", model.Name.Split('-')[1]],
                };
                db.AddRange(run, version);
                var batchEdges = new List<LineageEdge> { Edges.Produced(run.Id, version.Id, NodeType.ModelVersion, now) };
                // Two distinct inputs: the same pair twice would violate the edge's unique index.
                var first = random.Next(datasetVersions.Count);
                var second = (first + 1 + random.Next(datasetVersions.Count - 1)) % datasetVersions.Count;
                batchEdges.Add(Edges.Consumed(datasetVersions[first], run.Id, now));
                batchEdges.Add(Edges.Consumed(datasetVersions[second], run.Id, now));
                if (previous != Guid.Empty) batchEdges.Add(Edges.Consumed(previous, run.Id, now, NodeType.ModelVersion));
                foreach (var kind in EvalKinds)
                {
                    var ds = datasetVersions[random.Next(datasetVersions.Count)];
                    var evaluation = new Evaluation
                    {
                        Kind = kind, ModelVersionId = version.Id, TargetSha256 = version.Sha256, DatasetVersionId = ds,
                        Environment = DeploymentEnvironment.Staging, Metrics = new() { ["score"] = Math.Round(random.NextDouble(), 3) },
                        Passed = random.NextDouble() > 0.1, Evaluator = actor.Name, EvaluatedAt = created.AddHours(1),
                    };
                    db.Evaluations.Add(evaluation);
                    batchEdges.Add(Edges.Evaluated(version.Id, evaluation.Id, now));
                    batchEdges.Add(Edges.EvaluatedOn(ds, evaluation.Id, now));
                    evaluations++;
                }
                if (random.NextDouble() < 0.4)
                    db.ModelVersionStages.Add(new ModelVersionStage { ModelVersionId = version.Id, AiSystemId = systems[random.Next(systems.Count)], Stage = PickStage(random), UpdatedAt = now });
                db.LineageEdges.AddRange(batchEdges);
                edges += batchEdges.Count;
                runs++;
                previous = version.Id;
            }
            db.AddAuditEvent(new("Inventory.Generated", "Batch", $"{tag}/{done / BatchVersions}", null,
                JsonSerializer.Serialize(new { FirstVersion = done, Versions = count, Tag = tag })));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            done += count;
            progress?.Report($"{done:N0} / {modelVersions:N0} model versions ({100.0 * done / modelVersions:F0} %), {edges:N0} edges, {clock.Elapsed.TotalSeconds:F0} s");
        }
        var served = endpoints > 0 ? await EndpointsAsync(endpoints, actor, tag, random, ct) : 0;
        if (served > 0) progress?.Report($"{served:N0} serving endpoints, {clock.Elapsed.TotalSeconds:F0} s");
        var carded = await CardsAsync(tag, actor, progress, ct);
        var promoted = await PromotionsAsync(tag, actor, progress, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await QueryPlannerStatistics.RefreshAsync(db, ct);
        return new(done, runs, evaluations, edges, clock.Elapsed, served, carded, promoted);
    }

    /// <summary>
    /// Endpoints serving versions staged in Staging or Production for their use, as deployments report them: most
    /// serve the registered digest, 5 % an artifact nobody registered (the findings engine's benchmark needs both).
    /// </summary>
    private async Task<int> EndpointsAsync(int count, Actor actor, string tag, Random random, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Actor = actor;
        db.AuditSummaryOnly = true;
        var staged = await (from s in db.ModelVersionStages.AsNoTracking()
                            join v in db.ModelVersions on s.ModelVersionId equals v.Id
                            where s.Stage == Stage.Staging || s.Stage == Stage.Production
                            orderby v.CreatedAt descending
                            select new { s.ModelVersionId, s.AiSystemId, s.Stage, v.Version, v.Sha256, Model = v.Model!.Name }).Take(count).ToListAsync(ct);
        var now = db.UtcNow;
        for (var i = 0; i < count && staged.Count > 0; i++)
        {
            var s = staged[i % staged.Count];
            var unregistered = random.NextDouble() < 0.05;
            db.ServingEndpoints.Add(new ServingEndpoint
            {
                Name = $"{tag}-endpoint-{i:D6}", Environment = s.Stage == Stage.Production ? DeploymentEnvironment.Production : DeploymentEnvironment.Staging,
                Url = $"https://synthetic.invalid/{tag}/{i}", ReportedModelName = s.Model, ReportedVersion = s.Version,
                ReportedSha256 = unregistered ? Hex(random, 64) : s.Sha256, ModelVersionId = unregistered ? null : s.ModelVersionId, AiSystemId = s.AiSystemId,
                FirstSeen = now, LastSeen = now,
            });
        }
        db.AddAuditEvent(new("Inventory.Generated", "Batch", $"{tag}/endpoints", null, JsonSerializer.Serialize(new { Endpoints = count, Tag = tag })));
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        return staged.Count == 0 ? 0 : count;
    }

    private static Stage PickStage(Random r) => r.NextDouble() switch { < 0.6 => Stage.Development, < 0.85 => Stage.Staging, < 0.95 => Stage.Production, _ => Stage.Retired };

    private static string Hex(Random r, int length)
    {
        Span<byte> bytes = stackalloc byte[length / 2];
        r.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Uses existing AI systems (or adds synthetic ones) and a pool of 1,000 dataset versions.</summary>
    private async Task<(List<Guid> Systems, List<Guid> DatasetVersions)> PrepareAsync(Actor actor, string tag, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        db.AuditSummaryOnly = true;
        var systems = await db.AiSystems.Select(s => s.Id).ToListAsync(ct);
        if (systems.Count == 0)
            foreach (var tier in Enum.GetValues<RiskTier>().Where(t => t != RiskTier.Prohibited))
            {
                var s = new AiSystem { Key = $"{tag}-{tier.ToString().ToLowerInvariant()}", Name = $"Synthetic {tier} use", Owner = actor.Name, BusinessUnit = "Synthetic", RiskTier = tier, IntendedPurpose = "Benchmark data", CreatedAt = db.UtcNow };
                db.AiSystems.Add(s);
                systems.Add(s.Id);
            }
        var versions = new List<Guid>();
        for (var d = 0; d < 200; d++)
        {
            var dataset = new Dataset { Namespace = "s3://synthetic", Name = $"{tag}/table-{d:D3}", CreatedAt = db.UtcNow };
            db.Datasets.Add(dataset);
            for (var v = 0; v < 5; v++)
            {
                var version = new DatasetVersion { DatasetId = dataset.Id, Version = $"v{v}", Uri = $"s3://synthetic/{dataset.Name}/v{v}", RowCount = 10_000 * (v + 1), CreatedAt = db.UtcNow };
                db.DatasetVersions.Add(version);
                versions.Add(version.Id);
            }
        }
        db.AddAuditEvent(new("Inventory.Generated", "Batch", $"{tag}/datasets", null, JsonSerializer.Serialize(new { Datasets = 200, DatasetVersions = versions.Count, Tag = tag })));
        await db.SaveChangesAsync(ct);
        return (systems, versions);
    }
}
