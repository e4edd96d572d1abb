using System.Data.Common;
using Npgsql;

namespace GovernancePortal.Core.Data;

/// <summary>
/// The PostgreSQL connection pool the contexts use (ADR 0067). Npgsql's default of 100 connections let 200 busy circuits
/// run about 100 statements at once on a 2-core server: the backends and the portal then competed for the cores, and
/// the portal collapsed into seconds-long pages (load average 13-16, ingest beside at 4-9 events/s). With 16
/// connections the same load queued in the portal instead: p50 45 ms, ingest 978 events/s.
/// </summary>
public sealed partial record GovernanceDatabase
{
    /// <summary>Connections per instance when the administrator's string does not say: a few per server core, not per user.</summary>
    public const int DefaultMaxPoolSize = 16;

    /// <summary>
    /// The connection string the contexts open: the administrator's, with <see cref="DefaultMaxPoolSize"/> unless it
    /// names a pool size itself (any spelling Npgsql accepts), which then stands as written.
    /// </summary>
    public string PostgresConnectionString()
    {
        // Npgsql's own builder reports every keyword it knows as present, so ask a plain parser what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        var named = written.Keys.Cast<string>().Select(k => k.Replace(" ", "").ToLowerInvariant());
        if (named.Any(k => k is "maximumpoolsize" or "maxpoolsize")) return ConnectionString;
        return new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
    }
}
