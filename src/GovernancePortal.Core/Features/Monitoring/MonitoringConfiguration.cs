using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Features.Monitoring;

internal sealed class ObservationWindowConfiguration : IEntityTypeConfiguration<ObservationWindow>
{
    public void Configure(EntityTypeBuilder<ObservationWindow> b)
    {
        b.Property(x => x.Name).HasMaxLength(ObservationLimits.MaxNameLength);
        // One row per (endpoint, kind, name, resolution, window): ingest merges into it; the index also serves every time-range read.
        b.HasIndex(x => new { x.EndpointId, x.Kind, x.Name, x.Resolution, x.WindowStart }).IsUnique();
        // Retention walks windows by age across endpoints.
        b.HasIndex(x => new { x.Resolution, x.WindowStart });
        // Two writers merging into one window: the second one's update finds another count and retries (ObservationIngest).
        b.Property(x => x.Count).IsConcurrencyToken();
        b.Ignore(x => x.Mean);
        b.HasOne<ServingEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ObservationReceiptConfiguration : IEntityTypeConfiguration<ObservationReceipt>
{
    public void Configure(EntityTypeBuilder<ObservationReceipt> b)
    {
        b.HasKey(x => new { x.EndpointId, x.ObservationId });
        b.Property(x => x.ObservationId).HasMaxLength(ObservationLimits.MaxIdLength);
        b.HasIndex(x => x.ReceivedAt);
        b.HasOne<ServingEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReferenceDistributionConfiguration : IEntityTypeConfiguration<ReferenceDistribution>
{
    public void Configure(EntityTypeBuilder<ReferenceDistribution> b)
    {
        b.HasKey(x => new { x.EvaluationId, x.Name });
        b.Property(x => x.Name).HasMaxLength(ObservationLimits.MaxNameLength);
        b.HasOne<Evaluation>().WithMany().HasForeignKey(x => x.EvaluationId).OnDelete(DeleteBehavior.Cascade);
    }
}
