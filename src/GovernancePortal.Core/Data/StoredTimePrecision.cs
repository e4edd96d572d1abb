using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Times are kept to the microsecond on every provider. PostgreSQL stores no finer; SQLite would keep .NET's 100 ns
/// ticks. Truncating the entities' own values before a save makes what a service holds after saving equal to what any
/// later read returns, on both providers, so a value compared or hashed before and after a round-trip agrees (ADR 0039).
/// </summary>
internal static class StoredTimePrecision
{
    public static void Apply(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (Microsoft.EntityFrameworkCore.EntityState.Added or Microsoft.EntityFrameworkCore.EntityState.Modified)) continue;
            var modified = entry.State == Microsoft.EntityFrameworkCore.EntityState.Modified;
            foreach (var p in entry.Properties)
            {
                // Only times this save writes: an untouched column keeps its stored value (older rows may hold 100 ns
                // ticks; rewriting them would change data nobody edited and put noise in the audit chain).
                if (modified && !p.IsModified) continue;
                if (p.Metadata.ClrType != typeof(DateTime) && p.Metadata.ClrType != typeof(DateTime?)) continue;
                if (p.CurrentValue is DateTime t && t.Ticks % TimeSpan.TicksPerMicrosecond != 0)
                    p.CurrentValue = Truncate(t);
            }
        }
    }

    /// <summary>The stored value of a time: whole microseconds, same kind.</summary>
    public static DateTime Truncate(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMicrosecond, t.Kind);
}
