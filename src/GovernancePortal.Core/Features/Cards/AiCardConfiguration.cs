using GovernancePortal.Core.Data.Configurations;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Features.Cards;

// Picked up by ApplyConfigurationsFromAssembly, so the DbContext needs no card-specific code (db.Set<AiCard>()).
internal sealed class AiCardConfiguration : IEntityTypeConfiguration<AiCard>
{
    public void Configure(EntityTypeBuilder<AiCard> b)
    {
        b.ToTable("AiCards");
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasIndex(x => x.ModelVersionId).IsUnique();
        b.HasOne<ModelVersion>().WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AiCardRevisionConfiguration : IEntityTypeConfiguration<AiCardRevision>
{
    public void Configure(EntityTypeBuilder<AiCardRevision> b)
    {
        b.ToTable("AiCardRevisions");
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.PublishedBy).HasMaxLength(256);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.Sections).AsJson();
        b.Property(x => x.Changes).AsJson();
        b.HasIndex(x => new { x.CardId, x.Number }).IsUnique();
        b.HasIndex(x => new { x.CardId, x.IsPublished, x.Number });
        b.HasOne<AiCard>().WithMany().HasForeignKey(x => x.CardId).OnDelete(DeleteBehavior.Cascade);
    }
}
