using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public const int NameLength = 200;
    public const int OwnerLength = 256;
    public const int DescriptionLength = 4000;

    public void Configure(EntityTypeBuilder<Model> b)
    {
        b.Property(x => x.Name).HasMaxLength(NameLength);
        b.Property(x => x.Owner).HasMaxLength(OwnerLength);
        b.Property(x => x.Description).HasMaxLength(DescriptionLength);
        b.HasIndex(x => x.Name).IsUnique();
        b.HasMany(x => x.Versions).WithOne(v => v.Model).HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public const int VersionLength = 100;
    public const int FrameworkLength = 100;
    public const int ArtifactUriLength = 2000;

    public void Configure(EntityTypeBuilder<ModelVersion> b)
    {
        b.Property(x => x.Version).HasMaxLength(VersionLength);
        b.Property(x => x.Framework).HasMaxLength(FrameworkLength);
        b.Property(x => x.ArtifactUri).HasMaxLength(ArtifactUriLength);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.ModelId, x.Version }).IsUnique();
        b.HasIndex(x => x.Sha256);
        // (CreatedAt, Id) matches the grid's default order exactly, so a page is an index range scan.
        b.HasIndex(x => new { x.CreatedAt, x.Id });
        b.HasMany(x => x.Stages).WithOne().HasForeignKey(s => s.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ModelVersionStageConfiguration : IEntityTypeConfiguration<ModelVersionStage>
{
    public void Configure(EntityTypeBuilder<ModelVersionStage> b)
    {
        b.HasIndex(x => new { x.ModelVersionId, x.AiSystemId }).IsUnique();
        b.HasIndex(x => new { x.Stage, x.AiSystemId });
        b.HasOne(x => x.AiSystem).WithMany().HasForeignKey(x => x.AiSystemId).OnDelete(DeleteBehavior.Restrict);
    }
}
