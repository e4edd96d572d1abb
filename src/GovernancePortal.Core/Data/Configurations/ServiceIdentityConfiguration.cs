using GovernancePortal.Core.Features.ServiceIdentities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class ServiceIdentityConfiguration : IEntityTypeConfiguration<ServiceIdentity>
{
    public void Configure(EntityTypeBuilder<ServiceIdentity> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Owner).HasMaxLength(256);
        // A user id (Identity's key). No foreign key on purpose: deleting a user must not fail or cascade; the token is
        // refused instead (ServiceIdentityService.AuthenticateAsync).
        b.Property(x => x.OwnerId).HasMaxLength(450);
        b.HasIndex(x => x.OwnerId);
        b.Property(x => x.Purpose).HasMaxLength(1000);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.PreviousTokenHash).HasMaxLength(64);
        b.Property(x => x.TokenHint).HasMaxLength(20);
        b.HasIndex(x => x.Name).IsUnique();
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.PreviousTokenHash);
    }
}

internal sealed class ServiceIdentityUsageConfiguration : IEntityTypeConfiguration<ServiceIdentityUsage>
{
    public void Configure(EntityTypeBuilder<ServiceIdentityUsage> b)
    {
        b.HasKey(x => x.ServiceIdentityId);
        b.Property(x => x.LastUsedFrom).HasMaxLength(64);
        b.Property(x => x.ScopesLastUsed).AsJson();
        b.HasOne<ServiceIdentity>().WithOne().HasForeignKey<ServiceIdentityUsage>(x => x.ServiceIdentityId).OnDelete(DeleteBehavior.Cascade);
    }
}
