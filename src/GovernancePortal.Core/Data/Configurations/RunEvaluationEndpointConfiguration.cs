using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>
{
    /// <summary>A run's job name; OpenLineage stores "namespace/name" in it.</summary>
    public const int JobNameLength = 500;

    public void Configure(EntityTypeBuilder<TrainingRun> b)
    {
        b.Property(x => x.JobName).HasMaxLength(JobNameLength);
        b.Property(x => x.CodeCommit).HasMaxLength(100);
        b.Property(x => x.EnvironmentImageDigest).HasMaxLength(200);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.Parameters).AsJson();
        b.Property(x => x.Metrics).AsJson();
        b.HasIndex(x => x.StartedAt);
    }
}

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> b)
    {
        b.Property(x => x.TargetSha256).HasMaxLength(64);
        b.Property(x => x.ArtifactSha256).HasMaxLength(64);
        b.Property(x => x.Evaluator).HasMaxLength(256);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.Property(x => x.Metrics).AsJson();
        b.HasOne(x => x.ModelVersion).WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.DatasetVersion).WithMany().HasForeignKey(x => x.DatasetVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ModelVersionId, x.Kind, x.EvaluatedAt });
        // Every evaluation before computed evidence was posted as numbers.
        b.Property(x => x.Source).HasDefaultValue(EvaluationSource.Reported).HasSentinel((EvaluationSource)(-1));
        b.HasOne(x => x.Upload).WithOne().HasForeignKey<EvaluationUpload>(x => x.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvaluationUploadConfiguration : IEntityTypeConfiguration<EvaluationUpload>
{
    public void Configure(EntityTypeBuilder<EvaluationUpload> b)
    {
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.UploadedById).HasMaxLength(64);
        b.Property(x => x.UploadedByName).HasMaxLength(256);
        b.Property(x => x.ParserVersion).HasMaxLength(64);
        b.Property(x => x.ParametersJson).HasMaxLength(8000);
        b.Property(x => x.PerturbedSha256).HasMaxLength(64);
        b.Property(x => x.PerturbedFileName).HasMaxLength(260);
        b.HasIndex(x => x.EvaluationId).IsUnique();
        b.HasIndex(x => x.Sha256);
    }
}

internal sealed class ServingEndpointConfiguration : IEntityTypeConfiguration<ServingEndpoint>
{
    public void Configure(EntityTypeBuilder<ServingEndpoint> b)
    {
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.ReportedModelName).HasMaxLength(200);
        b.Property(x => x.ReportedVersion).HasMaxLength(100);
        b.Property(x => x.ReportedSha256).HasMaxLength(64);
        b.HasIndex(x => new { x.Name, x.Environment }).IsUnique();
        b.HasOne(x => x.ModelVersion).WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.AiSystem).WithMany().HasForeignKey(x => x.AiSystemId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class LineageEdgeConfiguration : IEntityTypeConfiguration<LineageEdge>
{
    public void Configure(EntityTypeBuilder<LineageEdge> b)
    {
        // Downstream walks seek on FromId, upstream walks on ToId; both indexes cover the join columns.
        b.HasIndex(x => new { x.FromId, x.ToId, x.Kind }).IsUnique();
        b.HasIndex(x => new { x.ToId, x.FromId });
    }
}

internal sealed class LineageEventConfiguration : IEntityTypeConfiguration<Features.Lineage.OpenLineage.LineageEvent>
{
    public void Configure(EntityTypeBuilder<Features.Lineage.OpenLineage.LineageEvent> b)
    {
        b.Property(x => x.EventKey).HasMaxLength(64);
        b.Property(x => x.EventType).HasMaxLength(16);
        b.Property(x => x.ReceivedBy).HasMaxLength(256);
        b.HasIndex(x => x.EventKey).IsUnique();
        b.HasIndex(x => new { x.RunId, x.EventTime });
    }
}

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Features.Findings.Finding>
{
    public void Configure(EntityTypeBuilder<Features.Findings.Finding> b)
    {
        b.ToTable("Finding");
        // Rule names outgrow the 32 characters of other enums (DeploymentServesUnregisteredDigest); PostgreSQL enforces it.
        b.Property(x => x.Rule).HasMaxLength(64);
        b.Property(x => x.Message).HasMaxLength(2000);
        b.Property(x => x.ConditionKey).HasMaxLength(200);
        b.Property(x => x.EntityType).HasMaxLength(64);
        b.Property(x => x.EntityName).HasMaxLength(300);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.SuggestedAction).HasMaxLength(1000);
        b.Property(x => x.ResolutionReason).HasMaxLength(1000);
        b.Property(x => x.AcknowledgementComment).HasMaxLength(1000);
        b.Property(x => x.SuppressionReason).HasMaxLength(1000);
        // One condition is one finding, whoever evaluates it and however often: the database refuses a duplicate.
        b.HasIndex(x => new { x.Rule, x.ConditionKey }).IsUnique();
        b.HasIndex(x => new { x.ResolvedAt, x.Severity });
        // The list's order as one stored number the database keeps (ADR 0062): ordering by an expression over the
        // severity text read and sorted every finding on each page (11k rows, the slowest API read on PostgreSQL).
        b.Property<int>(Features.Findings.FindingOrder.RankColumn).HasComputedColumnSql(Features.Findings.FindingOrder.RankSql, stored: true);
        b.HasIndex(Features.Findings.FindingOrder.RankColumn, nameof(Features.Findings.Finding.LastSeen), nameof(Features.Findings.Finding.Id))
            .IsDescending(true, true, false);
        b.HasIndex(x => new { x.Status, x.Signal });
        b.HasIndex(x => new { x.EntityId, x.Rule });
    }
}

internal sealed class FindingEventConfiguration : IEntityTypeConfiguration<Features.Findings.History.FindingEvent>
{
    public void Configure(EntityTypeBuilder<Features.Findings.History.FindingEvent> b)
    {
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.HasIndex(x => new { x.FindingId, x.At });
        b.HasOne<Features.Findings.Finding>().WithMany().HasForeignKey(x => x.FindingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FindingRunConfiguration : IEntityTypeConfiguration<Features.Findings.Engine.FindingRun>
{
    public void Configure(EntityTypeBuilder<Features.Findings.Engine.FindingRun> b)
    {
        b.Property(x => x.RunBy).HasMaxLength(200);
        b.HasIndex(x => x.StartedAt);
    }
}

internal sealed class DigestConflictConfiguration : IEntityTypeConfiguration<Features.Inventory.DigestConflict>
{
    public void Configure(EntityTypeBuilder<Features.Inventory.DigestConflict> b)
    {
        b.Property(x => x.RegisteredSha256).HasMaxLength(64);
        b.Property(x => x.ReportedSha256).HasMaxLength(64);
        b.Property(x => x.FirstReportedBy).HasMaxLength(200);
        b.HasIndex(x => new { x.ModelVersionId, x.ReportedSha256 }).IsUnique();
        b.HasOne<ModelVersion>().WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
