using GovernancePortal.Core.Audit.Checkpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.IntegrationTests.Infrastructure;

/// <summary>What an attacker with write access to the database does, straight through the provider's own connection.</summary>
public static class AuditTampering
{
    public const string DeleteLast50 = "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > (SELECT MAX(\"Sequence\") - 50 FROM \"AuditEntries\")";
    /// <summary>Deletes the 50 entries ending at <paramref name="head"/> and everything after it (background writers may have appended since).</summary>
    public static string DeleteLast50Through(long head) => $"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {head - 50}";
    public const string DeleteAll = "DELETE FROM \"AuditEntries\"";
    public const string DeleteStoredCheckpoints = "DELETE FROM \"AuditCheckpoints\"";

    /// <summary>
    /// Every entry and every stored checkpoint, once no append is in flight. On PostgreSQL an appender (a background runner
    /// of the host) reads the head under the append lock and commits later; a delete slipping in between leaves that one
    /// entry behind, which the verifier rightly reports as a truncated chain, not an emptied one. The delete takes the same
    /// lock first: the statements of one command share one implicit transaction (one Sync), so it is held until both
    /// deletes commit. SQLite's single write lock orders the two already.
    /// </summary>
    public static string EmptyChainAndCheckpoints => (TestDatabase.IsPostgres
        ? $"SELECT pg_advisory_xact_lock({Core.Data.GovernanceDbContext.AuditAppendLockKey}); " : "") + DeleteAll + "; " + DeleteStoredCheckpoints;

    /// <summary>
    /// For a factory whose tests tamper: no findings runner. Its start-up pass (and the promotion revalidation after it)
    /// appends entries whenever it gets to them on a busy machine, so one may land after the tampering and chain onto the
    /// cut (a truncation then shows one entry later than the test made it), or be refused once the chain is emptied (ADR 0080).
    /// </summary>
    public static void WithoutRegisterRunner(IServiceCollection services)
    {
        foreach (var d in services.Where(d => d.ImplementationType == typeof(Core.Data.RegisterChangeRunner)).ToList()) services.Remove(d);
    }

    /// <summary>Runs SQL below EF Core; quote identifiers (PostgreSQL folds bare ones to lower case).</summary>
    public static Task ExecuteSqlAsync(this PortalFactory factory, string sql) => TestDatabase.ExecuteAsync(factory.ConnectionString, sql);

    /// <summary>
    /// The host signs a checkpoint when it starts; tests that tamper wait for it first, so that a late start-up
    /// checkpoint can never record a head from before the tampering.
    /// </summary>
    public static async Task WaitForStartupCheckpointAsync(this PortalFactory factory)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            await using (var db = factory.NewDb())
                if (await db.AuditCheckpoints.AnyAsync(c => c.Reason == CheckpointReason.Startup, timeout.Token)) return;
            await Task.Delay(50, timeout.Token);
        }
    }

    public static async Task<long> HeadAsync(this PortalFactory factory)
    {
        await using var db = factory.NewDb();
        return await db.AuditEntries.MaxAsync(a => a.Sequence);
    }
}
