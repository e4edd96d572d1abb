using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GovernancePortal.Core.Data;

/// <summary>
/// Turns tracked changes of <see cref="IAuditable"/> entities into audit events with before/after JSON.
/// "Before" is read before the save (EF resets original values afterwards); "after" and the key are read after
/// it, so database-generated keys are real values, not EF's temporary ones.
/// </summary>
internal static class AuditCapture
{
    internal sealed class Pending(EntityEntry entry, string verb, string? before, string? key)
    {
        public AuditEvent Complete()
        {
            var type = entry.Metadata.ClrType.Name;
            var after = verb == "Deleted" ? null : Snapshot(entry, original: false);
            return new AuditEvent($"{type}.{verb}", type, key ?? KeyOf(entry), before, after);
        }
    }

    public static List<Pending> Begin(ChangeTracker tracker)
    {
        var pending = new List<Pending>();
        foreach (var entry in tracker.Entries().Where(e => e.Entity is IAuditable))
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    pending.Add(new(entry, "Created", null, null));
                    break;
                case EntityState.Modified when entry.Properties.Any(p => p.IsModified):
                    pending.Add(new(entry, "Updated", Snapshot(entry, original: true), KeyOf(entry)));
                    break;
                case EntityState.Deleted:
                    pending.Add(new(entry, "Deleted", Snapshot(entry, original: true), KeyOf(entry)));
                    break;
            }
        }
        return pending;
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue));

    /// <summary>Scalar properties in name order, so the JSON is canonical for hashing.</summary>
    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        // A computed column (the findings list rank) is derived from the row's facts, not one of them.
        foreach (var p in entry.Properties.Where(p => p.Metadata.GetComputedColumnSql() is null))
            values[p.Metadata.Name] = p.Metadata.PropertyInfo?.IsDefined(typeof(Domain.NotAuditedAttribute), inherit: true) == true
                ? "[withheld]"
                : ToJsonValue(original ? p.OriginalValue : p.CurrentValue);
        return JsonSerializer.Serialize(values);
    }

    private static object? ToJsonValue(object? value) => value switch
    {
        DateTime d => AuditHasher.Normalize(DateTime.SpecifyKind(d, DateTimeKind.Utc)).ToString("O"),
        Enum e => e.ToString(),
        _ => value,
    };
}
