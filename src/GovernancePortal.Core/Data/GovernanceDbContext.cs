using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Data;

/// <summary>
/// The single database of the portal (register, audit chain and Identity). Every save that touches an
/// <see cref="IAuditable"/> entity or carries an explicit <see cref="AuditEvent"/> appends to the audit
/// chain inside the same transaction; without an <see cref="Actor"/> such a save fails (fail-closed).
/// </summary>
public partial class GovernanceDbContext(DbContextOptions<GovernanceDbContext> options, TimeProvider? time = null, RegisterSignal? signal = null)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly RegisterSignal? signal = signal;
    private readonly List<AuditEvent> pendingEvents = [];

    /// <summary>Who is making the changes saved through this context.</summary>
    public Actor? Actor { get; set; }

    /// <summary>SQLite: the writer's kept connection this context runs on, whose statements stay compiled (ADR 0079); null otherwise.</summary>
    internal Sqlite.KeptConnection? Kept { get; set; }

    public DbSet<AiSystem> AiSystems => Set<AiSystem>();
    public DbSet<Model> Models => Set<Model>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<ModelVersionStage> ModelVersionStages => Set<ModelVersionStage>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<DatasetVersion> DatasetVersions => Set<DatasetVersion>();
    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();
    public DbSet<Evaluation> Evaluations => Set<Evaluation>();
    public DbSet<EvaluationUpload> EvaluationUploads => Set<EvaluationUpload>();
    public DbSet<Features.Evaluations.Files.EvidenceFile> EvidenceFiles => Set<Features.Evaluations.Files.EvidenceFile>();
    public DbSet<ServingEndpoint> ServingEndpoints => Set<ServingEndpoint>();
    public DbSet<LineageEdge> LineageEdges => Set<LineageEdge>();
    public DbSet<Features.Monitoring.ObservationWindow> ObservationWindows => Set<Features.Monitoring.ObservationWindow>();
    public DbSet<Features.Monitoring.ObservationReceipt> ObservationReceipts => Set<Features.Monitoring.ObservationReceipt>();
    public DbSet<Features.Monitoring.ReferenceDistribution> ReferenceDistributions => Set<Features.Monitoring.ReferenceDistribution>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Audit.Checkpoints.AuditCheckpoint> AuditCheckpoints => Set<Audit.Checkpoints.AuditCheckpoint>();
    public DbSet<Features.ServiceIdentities.ServiceIdentity> ServiceIdentities => Set<Features.ServiceIdentities.ServiceIdentity>();
    public DbSet<Features.Lineage.OpenLineage.LineageEvent> LineageEvents => Set<Features.Lineage.OpenLineage.LineageEvent>();
    public DbSet<Features.ServiceIdentities.ServiceIdentityUsage> ServiceIdentityUsages => Set<Features.ServiceIdentities.ServiceIdentityUsage>();
    public DbSet<Features.Promotions.PromotionRequest> PromotionRequests => Set<Features.Promotions.PromotionRequest>();
    public DbSet<Features.Promotions.PromotionApproval> PromotionApprovals => Set<Features.Promotions.PromotionApproval>();
    public DbSet<Features.Promotions.PromotionPolicy> PromotionPolicies => Set<Features.Promotions.PromotionPolicy>();
    public DbSet<Features.Promotions.Attestation.AttestationKey> AttestationKeys => Set<Features.Promotions.Attestation.AttestationKey>();
    public DbSet<Features.Findings.Finding> Findings => Set<Features.Findings.Finding>();
    public DbSet<Features.Findings.Engine.FindingRun> FindingRuns => Set<Features.Findings.Engine.FindingRun>();
    public DbSet<Features.Findings.History.FindingEvent> FindingEvents => Set<Features.Findings.History.FindingEvent>();
    public DbSet<Features.Inventory.DigestConflict> DigestConflicts => Set<Features.Inventory.DigestConflict>();
    public DbSet<Features.Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Features.Webhooks.WebhookEndpoint>();
    public DbSet<Features.Webhooks.WebhookOutboxMessage> WebhookOutbox => Set<Features.Webhooks.WebhookOutboxMessage>();
    public DbSet<Features.Webhooks.WebhookMessage> WebhookMessages => Set<Features.Webhooks.WebhookMessage>();
    public DbSet<Features.Webhooks.WebhookAttempt> WebhookAttempts => Set<Features.Webhooks.WebhookAttempt>();
    /// <summary>The ASP.NET Data Protection key ring, shared by every instance (ADR 0043). Not audited: keys are not register facts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Queues an explicit audit event; it is written by the next save, atomically with it.</summary>
    public void AddAuditEvent(AuditEvent auditEvent) => pendingEvents.Add(auditEvent);

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GovernanceDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text: readable in SQL, stable when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }
}
