using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class AiSystemConfiguration : IEntityTypeConfiguration<AiSystem>
{
    public void Configure(EntityTypeBuilder<AiSystem> b)
    {
        b.Property(x => x.Key).HasMaxLength(80);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Owner).HasMaxLength(256);
        b.Property(x => x.BusinessUnit).HasMaxLength(200);
        b.Property(x => x.IntendedPurpose).HasMaxLength(4000);
        b.HasIndex(x => x.Key).IsUnique();
    }
}
