using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GovernancePortal.Core.Data;

/// <summary>Turns tracked changes of <see cref="IAuditable"/> entities into audit events with before/after JSON.</summary>
internal static class AuditCapture
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static List<AuditEvent> FromChangeTracker(ChangeTracker tracker)
    {
        var events = new List<AuditEvent>();
        foreach (var entry in tracker.Entries().Where(e => e.Entity is IAuditable))
        {
            var type = entry.Metadata.ClrType.Name;
            switch (entry.State)
            {
                case EntityState.Added:
                    events.Add(new($"{type}.Created", type, KeyOf(entry), null, Snapshot(entry, original: false)));
                    break;
                case EntityState.Modified when entry.Properties.Any(p => p.IsModified):
                    events.Add(new($"{type}.Updated", type, KeyOf(entry), Snapshot(entry, original: true), Snapshot(entry, original: false)));
                    break;
                case EntityState.Deleted:
                    events.Add(new($"{type}.Deleted", type, KeyOf(entry), Snapshot(entry, original: true), null));
                    break;
            }
        }
        return events;
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue));

    /// <summary>Scalar properties in name order, so the JSON is canonical for hashing.</summary>
    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in entry.Properties)
            values[p.Metadata.Name] = ToJsonValue(original ? p.OriginalValue : p.CurrentValue);
        return JsonSerializer.Serialize(values, Json);
    }

    private static object? ToJsonValue(object? value) => value switch
    {
        DateTime d => AuditHasher.Normalize(DateTime.SpecifyKind(d, DateTimeKind.Utc)).ToString("O"),
        Enum e => e.ToString(),
        _ => value,
    };
}
