using GovernancePortal.Core.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GovernancePortal.Core.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.Url).HasMaxLength(WebhookUrl.MaxLength);
        b.Property(x => x.ProtectedSecret).HasMaxLength(2000);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class WebhookOutboxMessageConfiguration : IEntityTypeConfiguration<WebhookOutboxMessage>
{
    public void Configure(EntityTypeBuilder<WebhookOutboxMessage> b)
    {
        b.ToTable("WebhookOutbox");
        b.Property(x => x.Type).HasMaxLength(64);
    }
}

internal sealed class WebhookMessageConfiguration : IEntityTypeConfiguration<WebhookMessage>
{
    public void Configure(EntityTypeBuilder<WebhookMessage> b)
    {
        b.Property(x => x.EventType).HasMaxLength(64);
        // The dispatcher's question: which pending messages are due.
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => x.EndpointId);
        b.Ignore(x => x.WebhookId);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.Property(x => x.EventType).HasMaxLength(64);
        b.Property(x => x.Error).HasMaxLength(500);
        b.HasIndex(x => new { x.EndpointId, x.Id });
        b.Ignore(x => x.WebhookId);
    }
}
