using GovernancePortal.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedNever();
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Action).HasMaxLength(100);
        b.Property(x => x.EntityType).HasMaxLength(100);
        b.Property(x => x.EntityId).HasMaxLength(200);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        // A second guard against forks: no two entries may claim the same predecessor.
        b.HasIndex(x => x.PreviousHash).IsUnique();
        b.HasIndex(x => x.Timestamp);
        b.HasIndex(x => new { x.EntityType, x.EntityId });
        b.HasIndex(x => x.Actor);
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<Audit.Checkpoints.AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<Audit.Checkpoints.AuditCheckpoint> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.HeadHash).HasMaxLength(64);
        b.Property(x => x.KeyId).HasMaxLength(64);
        b.Property(x => x.Envelope).HasMaxLength(4000);
        b.HasIndex(x => x.Sequence);
    }
}
