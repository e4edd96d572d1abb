using System.Data.Common;
using Npgsql;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Statement preparation on PostgreSQL (ADR 0061). A detail page issues 15-20 small queries, and EF Core sends each
/// as text the server parses and plans afresh on every call; over the 100k register that, not any one slow
/// statement, kept pages above the 20 ms budget. Npgsql's automatic preparation keeps the statements a pooled
/// connection has seen a few times prepared on the server, so repeated reads skip parse and plan.
/// </summary>
public sealed partial record GovernanceDatabase
{
    /// <summary>Prepared statements kept per physical connection: the walked pages and API reads use about 150 shapes.</summary>
    public const int DefaultMaxAutoPrepare = 256;

    /// <summary>Uses before a statement is prepared: one-off statements (migrations, reports) are never prepared.</summary>
    public const int DefaultAutoPrepareMinUsages = 2;

    /// <summary>
    /// The connection string EF Core opens: the administrator's, plus automatic preparation when it does not say
    /// otherwise. A string that names either setting is left alone, so <c>Max Auto Prepare=0</c> turns it off.
    /// </summary>
    public string PostgresConnectionString()
    {
        var written = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        var named = written.Keys.Cast<string>().Select(k => k.Replace(" ", "").ToLowerInvariant()).ToHashSet();
        if (named.Contains("maxautoprepare") || named.Contains("autoprepareminusages")) return ConnectionString;
        return new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            MaxAutoPrepare = DefaultMaxAutoPrepare,
            AutoPrepareMinUsages = DefaultAutoPrepareMinUsages,
        }.ConnectionString;
    }
}
