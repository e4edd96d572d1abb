using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    /// <summary>The longest namespace and the longest name; forms, the API and OpenLineage ingest refuse longer (ADR 0088).</summary>
    public const int NameLength = 500;
    public const int OwnerLength = 256;
    public const int DescriptionLength = 4000;

    public void Configure(EntityTypeBuilder<Dataset> b)
    {
        b.Property(x => x.Namespace).HasMaxLength(NameLength);
        b.Property(x => x.Name).HasMaxLength(NameLength);
        b.Property(x => x.Owner).HasMaxLength(OwnerLength);
        b.Property(x => x.Description).HasMaxLength(DescriptionLength);
        b.HasIndex(x => new { x.Namespace, x.Name }).IsUnique();
        b.HasMany(x => x.Versions).WithOne(v => v.Dataset).HasForeignKey(v => v.DatasetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DatasetVersionConfiguration : IEntityTypeConfiguration<DatasetVersion>
{
    /// <summary>The schema summary's length: the API refuses longer, OpenLineage ingest cuts to it.</summary>
    public const int SchemaSummaryLength = 8000;

    public const int VersionLength = 200;

    public void Configure(EntityTypeBuilder<DatasetVersion> b)
    {
        b.Property(x => x.Version).HasMaxLength(VersionLength);
        b.Property(x => x.Uri).HasMaxLength(2000);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Licence).HasMaxLength(200);
        b.Property(x => x.SchemaSummary).HasMaxLength(SchemaSummaryLength);
        b.Property(x => x.Provenance).HasMaxLength(4000);
        b.HasIndex(x => new { x.DatasetId, x.Version }).IsUnique();
        b.HasIndex(x => x.Sha256);
    }
}
