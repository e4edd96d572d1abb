using System.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GovernancePortal.Core.Data.Instances;

/// <summary>
/// The runner lease of several instances on one PostgreSQL (ADR 0043): a session-level advisory lock held on a dedicated
/// connection. The lock lives exactly as long as that session, so a killed instance (its socket closed by the kernel)
/// or a dropped connection frees it at once, and the next instance to ask takes it. Every <see cref="HoldAsync"/> checks
/// the connection is still alive; a check that fails or times out means the lease is lost, the connection is dropped
/// and the lock is asked for again on a new one. Server-side TCP keepalives on the session make PostgreSQL notice a
/// silently vanished holder (a network partition) within about 11 seconds.
/// </summary>
public sealed class PostgresRunnerLease(GovernanceDatabase database, IOptions<RunnerLeaseOptions> options, ILogger<PostgresRunnerLease> logger)
    : IRunnerLease, IAsyncDisposable
{
    /// <summary>Any 64-bit constant nobody else uses ("gprunner"); advisory locks are per database.</summary>
    public const long LockKey = 0x6770_7275_6E6E_6572;

    private readonly SemaphoreSlim gate = new(1, 1);
    private NpgsqlConnection? connection;
    private bool held;
    private bool disposed;

    public TimeSpan RetryInterval => TimeSpan.FromSeconds(Math.Max(0.1, options.Value.RetrySeconds));

    /// <summary>The server process of the lease session while it is held (tests end it to simulate a dropped connection).</summary>
    internal int? HolderProcessId => held ? connection?.ProcessID : null;

    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (disposed) return false;
            if (connection is not null && !await AliveAsync(ct))
            {
                if (held) logger.LogWarning("Runner lease lost: its database session is gone; another instance may run the background work now.");
                await DropAsync();
            }
            if (held) return true;
            connection ??= await OpenAsync(ct);
            if (connection is null) return false;
            held = await TryLockAsync(connection, ct);
            if (held) logger.LogInformation("Runner lease acquired (server process {Pid}): this instance runs the background work.", connection.ProcessID);
            return held;
        }
        finally { gate.Release(); }
    }

    /// <summary>A session can only lose its advisory lock by ending, so a live session still holds what it took.</summary>
    private async Task<bool> AliveAsync(CancellationToken ct)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            command.CommandTimeout = CheckTimeout;
            await command.ExecuteScalarAsync(ct);
            return connection!.FullState == ConnectionState.Open;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<NpgsqlConnection?> OpenAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            // Its own session, never pooled: closing it must end the session (and so release the lock).
            Pooling = false, ApplicationName = "governance-portal runner lease", Timeout = CheckTimeout, CommandTimeout = CheckTimeout,
            KeepAlive = 5,
        };
        var opened = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await opened.OpenAsync(ct);
            // Server side: a holder that vanishes without closing its socket is noticed after 5 + 3 x 2 seconds.
            await using var command = new NpgsqlCommand("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3", opened);
            await command.ExecuteNonQueryAsync(ct);
            return opened;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Runner lease: cannot reach the database; this instance stays on standby.");
            await opened.DisposeAsync();
            return null;
        }
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection session, CancellationToken ct)
    {
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", session);
            return await command.ExecuteScalarAsync(ct) is true;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !ct.IsCancellationRequested)
        {
            await DropAsync();
            return false;
        }
    }

    private int CheckTimeout => (int)Math.Ceiling(Math.Max(1, options.Value.CheckTimeoutSeconds));

    private async Task DropAsync()
    {
        held = false;
        if (connection is null) return;
        try { await connection.DisposeAsync(); } catch (Exception) { /* already broken */ }
        connection = null;
    }

    /// <summary>Ends the session, which releases the lock for the next instance at once (a clean stop).</summary>
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            disposed = true;
            await DropAsync();
        }
        finally { gate.Release(); }
    }
}
