namespace GovernancePortal.Core.Features.Findings.Engine;

/// <summary>
/// Chooses between an incremental and a full pass for a large batch of changes by what each has cost (ADR 0074). A full
/// pass costs what the register's size makes it; an incremental one what its changes make it. Under steady ingest the
/// runner's batches passed the old fixed limit (5,000 changes, about 800 realistic events) and every such batch paid a
/// full pass over a register growing by the second; a bulk load (thousands of changes at once) still gets the full pass
/// once following its changes one by one would cost more.
/// </summary>
public sealed class PassCosts
{
    /// <summary>Below this many changes a pass is always incremental (a pass's fixed cost hides its cost per change).</summary>
    public const int IncrementalLimit = 5_000;
    /// <summary>Only passes of at least this many changes inform the cost per change.</summary>
    public const int MeasuredFrom = 200;

    private double fullMs = -1, msPerChange = -1;

    /// <summary>True when a full pass is expected to be the cheaper way to follow <paramref name="changes"/> changes.</summary>
    public bool PreferFull(int changes) =>
        changes > IncrementalLimit && (fullMs < 0 || msPerChange < 0 || changes * msPerChange >= fullMs);

    public void Record(bool full, int changes, TimeSpan elapsed)
    {
        var ms = elapsed.TotalMilliseconds;
        if (full) fullMs = ms; // the latest: the register only grows between passes
        else if (changes >= MeasuredFrom)
            msPerChange = msPerChange < 0 ? ms / changes : 0.7 * msPerChange + 0.3 * (ms / changes);
    }
}
