using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Attestation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class PromotionRequestConfiguration : IEntityTypeConfiguration<PromotionRequest>
{
    public void Configure(EntityTypeBuilder<PromotionRequest> b)
    {
        b.Property(x => x.Justification).HasMaxLength(PromotionService.MaxJustification);
        b.Property(x => x.RequestedBy).HasMaxLength(256);
        b.Property(x => x.ClosedBy).HasMaxLength(256);
        b.Property(x => x.RejectionReason).HasMaxLength(PromotionService.MaxJustification);
        b.Property(x => x.DecisionHash).HasMaxLength(64);
        b.Property(x => x.ReviewNote).HasMaxLength(4000);
        b.Property(x => x.ImportedFrom).HasMaxLength(64);
        // Every write bumps Revision; EF adds it to the WHERE clause, so two concurrent signatures cannot both win.
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasOne(x => x.ModelVersion).WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.AiSystem).WithMany().HasForeignKey(x => x.AiSystemId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Approvals).WithOne().HasForeignKey(x => x.PromotionRequestId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Status, x.SubmittedAt });
        b.Property(x => x.RequestedOnBehalfOf).HasMaxLength(256);
        b.Property(x => x.RequestedById).HasMaxLength(450);
        b.Property(x => x.RequestedOnBehalfOfId).HasMaxLength(450);
        // At most one open request per version, use and stage: the service checks first, the index settles races.
        b.HasIndex(x => new { x.ModelVersionId, x.AiSystemId, x.TargetStage }).IsUnique().HasFilter("\"Status\" IN ('Draft', 'Pending')");
        // The filtered index above serves open requests only. Release decisions and version diffs look up a version's
        // approved requests: without this, PostgreSQL read every request of the use (2,350 rows, 215 ms at 100k versions).
        b.HasIndex(x => new { x.ModelVersionId, x.AiSystemId, x.TargetStage, x.Status });
        // Lists are newest first: without this, PostgreSQL read and sorted every request (with its decision inputs) for a page of 50.
        b.HasIndex(x => new { x.CreatedAt, x.Id }).IsDescending(true, false);
    }
}

internal sealed class PromotionApprovalConfiguration : IEntityTypeConfiguration<PromotionApproval>
{
    public void Configure(EntityTypeBuilder<PromotionApproval> b)
    {
        // Ids are created by the app: a signature added to a loaded request's collection must be inserted, not updated.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.ReviewerId).HasMaxLength(450);
        b.Property(x => x.ReviewerName).HasMaxLength(256);
        b.Property(x => x.Comment).HasMaxLength(PromotionService.MaxComment);
        b.Property(x => x.DecisionHash).HasMaxLength(64);
        b.Property(x => x.InvalidatedReason).HasMaxLength(4000);
        // Separation of duties backed by the database: one valid signature per role, one role per person.
        b.HasIndex(x => new { x.PromotionRequestId, x.Role }).IsUnique().HasFilter("\"InvalidatedAt\" IS NULL");
        b.HasIndex(x => new { x.PromotionRequestId, x.ReviewerId }).IsUnique().HasFilter("\"InvalidatedAt\" IS NULL");
        // Reading a request's signatures includes the invalidated ones, which the filtered indexes above leave out:
        // without this, every promotion read on PostgreSQL hashed all 21k approvals (ADR 0062).
        b.HasIndex(x => x.PromotionRequestId);
    }
}

internal sealed class PromotionPolicyConfiguration : IEntityTypeConfiguration<PromotionPolicy>
{
    public void Configure(EntityTypeBuilder<PromotionPolicy> b)
    {
        b.Property(x => x.Yaml).HasMaxLength(64_000);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.ChangeNote).HasMaxLength(1000);
        b.HasIndex(x => new { x.RiskTier, x.TargetStage, x.Version }).IsUnique();
    }
}

internal sealed class AttestationKeyConfiguration : IEntityTypeConfiguration<AttestationKey>
{
    public void Configure(EntityTypeBuilder<AttestationKey> b)
    {
        b.HasKey(x => x.KeyId);
        b.Property(x => x.KeyId).HasMaxLength(64);
        b.Property(x => x.PublicKeyPem).HasMaxLength(1000);
        b.Property(x => x.ProtectedPrivateKey).HasMaxLength(4000);
    }
}
