using System.Data.Common;
using System.Runtime.CompilerServices;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Promotions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// TEST-ONLY fail points for the fault tests of docs/reliability.md: <c>Faults:KillAt</c> makes the portal SIGKILL its
/// own process at an exact moment a random kill would almost never hit. Off unless set; refused at start-up outside the
/// Development environment, so a stray setting can never take a production instance down.
/// <list type="bullet">
/// <item><c>approval-commit</c>: just before the transaction that stores a promotion signature commits.</item>
/// <item><c>approval-committed</c>: right after that commit, before the reviewer's screen hears of it.</item>
/// </list>
/// Armed only once the portal has started serving: demo seeding at start-up and the admin verbs (seed-demo,
/// generate-data) also store approvals, and must not be what dies.
/// </summary>
public static class FaultInjection
{
    public const string KillAtKey = "Faults:KillAt";
    public const string BeforeApprovalCommit = "approval-commit", AfterApprovalCommit = "approval-committed";

    public static WebApplicationBuilder AddFaultInjection(this WebApplicationBuilder builder)
    {
        var killAt = builder.Configuration[KillAtKey];
        if (string.IsNullOrWhiteSpace(killAt)) return builder;
        if (!builder.Environment.IsDevelopment())
            throw new InvalidOperationException($"{KillAtKey} is a test-only fail point and is refused outside the Development environment (here: {builder.Environment.EnvironmentName}). Remove the setting.");
        var afterCommit = killAt switch
        {
            BeforeApprovalCommit => false,
            AfterApprovalCommit => true,
            _ => throw new InvalidOperationException($"{KillAtKey} '{killAt}' is unknown; use {BeforeApprovalCommit} or {AfterApprovalCommit}."),
        };
        var interceptor = new KillOnApprovalCommit(afterCommit);
        builder.Services.AddHostedService(sp => new ArmWhenStarted(interceptor, sp.GetRequiredService<IHostApplicationLifetime>()));
        // Singleton options, as AddDbContextFactory registers them (ADR 0039's GovernanceDatabase.Configure runs first).
        builder.Services.ConfigureDbContext<GovernanceDbContext>(o => o.AddInterceptors(interceptor), ServiceLifetime.Singleton);
        return builder;
    }

    /// <summary>
    /// Marks a context whose save added a signature, then kills the process at that context's commit. The kill is
    /// SIGKILL (no finally blocks, no graceful shutdown, no flush), as a power cut or an OOM kill would be.
    /// </summary>
    private sealed class KillOnApprovalCommit(bool afterCommit) : DbTransactionInterceptor, ISaveChangesInterceptor
    {
        private readonly ConditionalWeakTable<DbContext, object> signing = [];

        public volatile bool Armed;

        public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed && eventData.Context is { } db && db.ChangeTracker.Entries<PromotionApproval>().Any(e => e.State == EntityState.Added))
                signing.AddOrUpdate(db, this);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (!afterCommit) KillIfSigning(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (afterCommit) KillIfSigning(eventData.Context);
            return Task.CompletedTask;
        }

        private void KillIfSigning(DbContext? db)
        {
            if (db is null || !signing.TryGetValue(db, out _)) return;
            Console.Error.WriteLine($"Faults:KillAt={(afterCommit ? AfterApprovalCommit : BeforeApprovalCommit)}: killing process {Environment.ProcessId}.");
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        }
    }

    /// <summary>Arms the fail point when the host reports it has started (after start-up seeding; never in admin verbs).</summary>
    private sealed class ArmWhenStarted(KillOnApprovalCommit interceptor, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() => interceptor.Armed = true);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
