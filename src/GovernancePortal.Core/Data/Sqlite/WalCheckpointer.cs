using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Data.Sqlite;

public sealed class WalCheckpointOptions
{
    public const string Section = "Sqlite";

    /// <summary>How often the WAL is copied into the database file (PASSIVE): bounds the WAL to about this much ingest.</summary>
    public int CheckpointIntervalMilliseconds { get; set; } = 250;

    /// <summary>A WAL of this many frames (4 KB pages) is rewound to its start once copied (RESTART): SQLite's own threshold.</summary>
    public int RestartAfterFrames { get; set; } = 1_000;

    /// <summary>After this long without a commit the WAL file is truncated to zero bytes (TRUNCATE).</summary>
    public int TruncateWhenIdleMilliseconds { get; set; } = 2_000;
}

/// <summary>What one checkpoint reported: the WAL's frames and how many of them are now in the database file.</summary>
public readonly record struct WalCheckpoint(bool Busy, long WalFrames, long Checkpointed);

/// <summary>
/// Checkpoints the SQLite WAL on its own thread and connection (ADR 0068), so no request's commit does: the portal's
/// connections run with <c>wal_autocheckpoint = 0</c> (<see cref="SqliteConnectionSetup"/>) while this runs. A PASSIVE
/// checkpoint every <see cref="WalCheckpointOptions.CheckpointIntervalMilliseconds"/> never waits for readers or writers
/// (the writer appends to the WAL while it copies); a WAL past <see cref="WalCheckpointOptions.RestartAfterFrames"/> is
/// rewound (RESTART) between the OpenLineage writer's commits (<see cref="SqliteCommitGate"/>); once the portal has been idle for
/// <see cref="WalCheckpointOptions.TruncateWhenIdleMilliseconds"/> a TRUNCATE empties the WAL file. The database file is
/// synced after each checkpoint (synchronous=FULL), and a crash mid-checkpoint leaves SQLite's WAL as the record.
/// </summary>
public sealed class WalCheckpointer(
    IDbContextFactory<GovernanceDbContext> dbFactory, SqliteConnectionSetup setup, SqliteCommitGate gate, IOptions<WalCheckpointOptions> options,
    ILogger<WalCheckpointer> logger) : BackgroundService
{
    /// <summary>
    /// How long RESTART and TRUNCATE wait for the write lock and for readers to leave the WAL: while they hold the write
    /// lock a writer waits, so they give up soon and try again on the next tick.
    /// </summary>
    private const int RewindWaitMilliseconds = 20;

    /// <summary>The last checkpoint's report, for tests and diagnostics.</summary>
    public WalCheckpoint? Last { get; private set; }

    public override Task StartAsync(CancellationToken ct)
    {
        // Before any request: connections opened from now on leave checkpoints to this service.
        setup.BackgroundCheckpoints = true;
        return base.StartAsync(ct);
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        setup.BackgroundCheckpoints = false;
    }

    // Microsoft.Data.Sqlite is synchronous: a checkpoint (tens of ms of copying and syncing) gets a thread of its own
    // instead of blocking a thread-pool worker that requests need.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Loop(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(CancellationToken ct)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.CheckpointIntervalMilliseconds));
        var idleTicks = Math.Max(1, options.Value.TruncateWhenIdleMilliseconds / (int)interval.TotalMilliseconds);
        var (quiet, truncated) = (0, false);
        WalCheckpoint? previous = null;
        while (!ct.WaitHandle.WaitOne(interval))
        {
            try
            {
                var now = Checkpoint("PASSIVE");
                // PASSIVE copies but never rewinds the WAL: SQLite starts it over only when a writer begins with every
                // frame copied, which under steady ingest (a commit always in flight) never happens, so the file grows
                // without end. RESTART rewinds it once the frames are copied, waiting briefly for readers.
                if (now.WalFrames >= options.Value.RestartAfterFrames) now = BetweenCommits(() => Checkpoint("RESTART"));
                // Unchanged and fully copied since the last tick: nobody committed in between.
                quiet = now == previous && now.WalFrames == now.Checkpointed ? quiet + 1 : 0;
                if (now.WalFrames > 0) truncated = false;
                if (quiet >= idleTicks && !truncated) truncated = !BetweenCommits(() => Checkpoint("TRUNCATE")).Busy;
                previous = now;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // A full disk or an outage: the WAL still holds every commit; try again on the next tick.
                logger.LogWarning(ex, "WAL checkpoint failed; the next one retries");
            }
        }
    }

    private WalCheckpoint BetweenCommits(Func<WalCheckpoint> rewind)
    {
        gate.Enter();
        try { return rewind(); }
        finally { gate.Leave(); }
    }

    private WalCheckpoint Checkpoint(string mode)
    {
        using var db = dbFactory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        using var command = connection.CreateCommand();
        // RESTART and TRUNCATE hold the write lock while they wait for readers: a short wait keeps a writer arriving
        // meanwhile from waiting long. PASSIVE never waits.
        var passive = mode == "PASSIVE";
        if (!passive) Execute(command, $"PRAGMA busy_timeout = {RewindWaitMilliseconds}");
        try
        {
            command.CommandText = $"PRAGMA wal_checkpoint({mode})";
            using var reader = command.ExecuteReader();
            reader.Read();
            var result = new WalCheckpoint(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
            Last = result;
            return result;
        }
        finally
        {
            if (!passive) Execute(command, $"PRAGMA busy_timeout = {SqliteConnectionSetup.BusyTimeoutMilliseconds}");
        }
    }

    private static void Execute(DbCommand command, string sql)
    {
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
