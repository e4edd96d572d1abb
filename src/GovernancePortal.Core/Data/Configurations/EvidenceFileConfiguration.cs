using GovernancePortal.Core.Features.Evaluations.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> b)
    {
        // The digest is the identity: one row per distinct content, however many evaluations were computed from it.
        b.HasKey(x => x.Sha256);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.MediaType).HasMaxLength(100);
        b.Property(x => x.OriginalFileName).HasMaxLength(260);
        b.Property(x => x.FirstStoredById).HasMaxLength(64);
        b.Property(x => x.FirstStoredByName).HasMaxLength(256);
    }
}
