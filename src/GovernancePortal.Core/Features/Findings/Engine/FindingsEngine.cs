using System.Diagnostics;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings.Engine;

public sealed record RunSummary(bool Full, int Raised, int Updated, int Resolved, int Open, TimeSpan Elapsed);

/// <summary>
/// Runs the rules and reconciles the conditions they see with the recorded findings: a new condition raises a
/// finding (or reopens the one it was), one that still holds is updated, one that no longer holds is resolved.
/// Audited as the engine. One evaluation at a time per process; the unique (rule, condition key) index keeps two
/// processes (or a race) from ever storing the same condition twice.
/// </summary>
public sealed class FindingsEngine(IDbContextFactory<GovernanceDbContext> dbFactory, IEnumerable<IFindingRule> rules, IServiceProvider services, TimeProvider time)
{
    public static readonly Actor EngineActor = Actor.System("findings-engine");
    /// <summary>An unchanged finding's last-seen time is refreshed at most this often (a plain timestamp, not audited).</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(15);
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public IReadOnlyList<IFindingRule> Rules { get; } = rules.ToList();

    /// <summary>Evaluates every rule over the whole register.</summary>
    public Task<RunSummary> EvaluateAllAsync(string runBy, CancellationToken ct = default) => EvaluateAsync(null, runBy, ct);

    /// <summary>Evaluates the rules that react to <paramref name="changes"/> (all of them, fully, when null).</summary>
    public async Task<RunSummary> EvaluateAsync(ChangeSet? changes, string runBy, CancellationToken ct = default)
    {
        await OneAtATime.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try { return await RunOnceAsync(changes, runBy, ct); }
                // Another process stored the same condition first: read again and reconcile against it.
                catch (DbUpdateException) when (attempt < 3) { }
            }
        }
        finally { OneAtATime.Release(); }
    }

    private async Task<RunSummary> RunOnceAsync(ChangeSet? changes, string runBy, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var activity = PortalTelemetry.Source.StartActivity("findings.pass");
        activity?.SetTag("findings.full", changes is null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = EngineActor;
        var now = time.GetUtcNow().UtcDateTime;
        var input = new RuleInput(db, now, changes, services);
        var reconcile = new Reconciliation(db, now);
        foreach (var rule in Rules)
        {
            if (changes is not null && !changes.Touches(rule.ReactsTo)) continue;
            var outcome = await rule.EvaluateAsync(input, ct);
            await reconcile.ApplyAsync(rule, outcome, ct);
        }
        await reconcile.ExpireSuppressionsAsync(ct);
        // Nothing reads FindingRun rows but people (and the fuzz test's row accounting): an incremental pass that changed
        // nothing is not worth a write transaction, which on SQLite queued behind (and delayed) the ingest writer 2-4 times
        // a second (ADR 0074). Full passes and passes that raised, updated or resolved are still recorded.
        if (changes is null || reconcile.Raised + reconcile.Updated + reconcile.Resolved > 0)
            db.FindingRuns.Add(new FindingRun
            {
                StartedAt = now, Full = changes is null, Changes = changes?.All.Count ?? 0, RunBy = runBy,
                Raised = reconcile.Raised, Updated = reconcile.Updated, Resolved = reconcile.Resolved,
                DurationMs = (int)clock.ElapsedMilliseconds,
            });
        await db.SaveChangesAsync(ct); // no statement at all when nothing is tracked as changed
        await reconcile.TouchAsync(ct);
        if (reconcile.Raised > 0) PortalTelemetry.FindingsRaised.Add(reconcile.Raised);
        activity?.SetTag("findings.raised", reconcile.Raised);
        activity?.SetTag("findings.resolved", reconcile.Resolved);
        return new RunSummary(changes is null, reconcile.Raised, reconcile.Updated, reconcile.Resolved, reconcile.Seen, clock.Elapsed);
    }
}
