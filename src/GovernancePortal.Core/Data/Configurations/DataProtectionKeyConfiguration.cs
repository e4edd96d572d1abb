using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        // "key-<guid>", written by Data Protection itself; unique so two instances importing the same old key file
        // (DataProtectionKeyImport) store it once.
        b.Property(x => x.FriendlyName).HasMaxLength(100);
        b.HasIndex(x => x.FriendlyName).IsUnique();
    }
}
