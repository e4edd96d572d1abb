using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Data.Instances;
using GovernancePortal.Core.Features.AiSystems;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Dashboard;
using GovernancePortal.Core.Features.Datasets;
using GovernancePortal.Core.Features.Endpoints;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Core.Features.Evidence;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Lineage;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Runs;
using GovernancePortal.Core.Features.Webhooks;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The embedded default: <see cref="AddGovernanceCore(IServiceCollection, GovernanceDatabase)"/> over a SQLite connection string.</summary>
    public static IServiceCollection AddGovernanceCore(this IServiceCollection services, string sqliteConnectionString) =>
        services.AddGovernanceCore(GovernanceDatabase.Sqlite(sqliteConnectionString));

    /// <summary>The database, the register's services and the audit chain. One call from every host.</summary>
    public static IServiceCollection AddGovernanceCore(this IServiceCollection services, GovernanceDatabase database)
    {
        services.AddSingleton(TimeProvider.System);
        // The Identity schema version shapes the model (passkey table), so every host must agree on it.
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(IdentitySetup.Configure);
        services.AddGovernanceDatabase(database);
        // Before the findings' in-process lease default: on PostgreSQL the lease is elected and events cross instances.
        services.AddPortalInstances(database);

        services.AddScoped<InventoryService>();
        services.AddScoped<ModelRegistryService>();
        services.AddScoped<VersionComparisonService>();
        services.AddScoped<AiSystemService>();
        services.AddScoped<DatasetService>();
        services.AddScoped<TrainingRunService>();
        services.AddScoped<EvaluationService>();
        services.AddScoped<EvaluationPolicies>();
        services.AddScoped<Features.Evaluations.Computed.ComputedEvaluationService>();
        services.AddEvidenceFiles(database);
        services.AddScoped<EndpointService>();
        services.AddMonitoring();
        services.AddScoped<LineageNeighbours>();
        services.AddScoped<LineageQueries>();
        services.AddScoped<LineageViewService>();
        services.AddFindings();
        services.AddScoped<Features.Lineage.OpenLineage.OpenLineageIngestor>();
        services.AddSingleton<Features.Lineage.OpenLineage.OpenLineageWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Lineage.OpenLineage.OpenLineageWriter>());
        services.AddScoped<DashboardService>();
        services.AddScoped<Features.Dashboard.DashboardWork>();
        services.AddScoped<AuditChainVerifier>();
        services.AddOptions<Audit.Checkpoints.AuditCheckpointOptions>().BindConfiguration(Audit.Checkpoints.AuditCheckpointOptions.Section);
        services.AddScoped<Audit.Checkpoints.AuditCheckpointService>();
        services.AddHostedService<Audit.Checkpoints.AuditCheckpointScheduler>();
        services.AddScoped<AuditQueryService>();
        services.AddScoped<AuditEntityNames>();
        services.AddScoped<AuditDescriber>();
        services.AddScoped<AuditRecorder>();
        services.AddSingleton<ApiReadJournal>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiReadJournal>());
        services.AddScoped<UserAdminService>();
        services.AddOptions<Identity.SignIn.SignInLimits>();
        services.AddSingleton<Identity.SignIn.FailureBudget>();
        services.AddScoped<Identity.SignIn.StepUpPassword>();
        services.AddSingleton<Identity.SignIn.UnknownAccountSignIns>();
        services.AddHostedService(sp => sp.GetRequiredService<Identity.SignIn.UnknownAccountSignIns>());
        services.AddScoped<Features.ServiceIdentities.ServiceIdentityService>();
        services.AddSingleton<Features.ServiceIdentities.ServiceTokenCache>();
        services.AddPromotions();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DataGenerator>();
        services.AddCards();
        services.AddEvidence();
        services.AddWebhooks();
        return services;
    }
}
