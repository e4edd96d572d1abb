using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GovernancePortal.Core.Audit;

/// <summary>Canonical content and SHA-256 chaining of audit entries.</summary>
public static class AuditHasher
{
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>
    /// Timestamps are kept to whole milliseconds so that they survive a round-trip through any provider
    /// (PostgreSQL keeps microseconds, SQLite ticks) and the hash stays verifiable.
    /// </summary>
    public static DateTime Normalize(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    /// <summary>SHA-256 over the previous hash and the entry's canonical JSON (fixed property order).</summary>
    public static string ComputeHash(AuditEntry e)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            e.Sequence,
            e.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            e.Actor, e.ActorKind.ToString(), e.Action, e.EntityType, e.EntityId, e.Before, e.After,
        });
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(e.PreviousHash + "\n" + canonical));
        return Convert.ToHexStringLower(bytes);
    }
}
