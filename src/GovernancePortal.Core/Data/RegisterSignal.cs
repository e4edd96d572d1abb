using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GovernancePortal.Core.Data;

public enum ChangeKind { Created, Updated, Deleted }

/// <summary>
/// One committed change to the register: the entity's CLR type name, its id and what happened to it. A lineage edge
/// (no Guid key of its own) is reported with <see cref="Id"/> = its downstream node and <see cref="RelatedId"/> = its
/// upstream node; a service identity's usage row with the identity's id.
/// </summary>
public readonly record struct RegisterChange(string EntityType, Guid Id, ChangeKind Kind, Guid? RelatedId = null);

/// <summary>
/// The one "register changed" signal. <see cref="GovernanceDbContext"/> raises it after every committed save,
/// whatever wrote (API, OpenLineage, UI, verbs, seeding); consumers (the findings engine, promotion revalidation,
/// live UI) subscribe. A signal means "look again", never "this is the new state": subscribers re-read the database,
/// so a spurious signal (a rolled-back outer transaction) costs a read, and nobody asks for checks by hand.
/// With several instances on PostgreSQL, <paramref name="peers"/> carries each change to the other instances, which
/// publish it locally (<see cref="PublishFromPeer"/>); SQLite has none (ADR 0043).
/// </summary>
public sealed class RegisterSignal(Instances.IPeerBroadcast? peers = null)
{
    public event Action<IReadOnlyList<RegisterChange>>? Changed;

    /// <summary>A change committed by this instance: subscribers here, then the other instances.</summary>
    public void Publish(IReadOnlyList<RegisterChange> changes)
    {
        if (changes.Count == 0) return;
        PublishFromPeer(changes);
        peers?.RegisterChanged(changes);
    }

    /// <summary>A change another instance committed: subscribers here only.</summary>
    public void PublishFromPeer(IReadOnlyList<RegisterChange> changes)
    {
        if (changes.Count == 0) return;
        foreach (var handler in Changed?.GetInvocationList() ?? [])
            try { ((Action<IReadOnlyList<RegisterChange>>)handler)(changes); }
            catch (Exception) { /* a broken subscriber (closed circuit) must never fail the writer */ }
    }

    /// <summary>What a save is about to change, read from the tracker before EF accepts the changes.</summary>
    internal static List<RegisterChange> Capture(ChangeTracker tracker)
    {
        var changes = new List<RegisterChange>();
        foreach (var entry in tracker.Entries())
        {
            var kind = entry.State switch
            {
                EntityState.Added => ChangeKind.Created,
                EntityState.Modified => ChangeKind.Updated,
                EntityState.Deleted => ChangeKind.Deleted,
                _ => (ChangeKind?)null,
            };
            if (kind is null) continue;
            if (Of(entry.Entity, kind.Value, entry.Metadata, p => entry.Property(p.Name).CurrentValue) is { } change) changes.Add(change);
        }
        return changes.Distinct().ToList();
    }

    /// <summary>Rows inserted past the tracker (<see cref="BulkInsert"/>), reported exactly as a save would report them.</summary>
    internal static IEnumerable<RegisterChange> Created(IEntityType type, IEnumerable<object> rows) =>
        rows.Select(r => Of(r, ChangeKind.Created, type, p => p.GetGetter().GetClrValue(r))).OfType<RegisterChange>();

    /// <summary>The one mapping from a changed row to the change reported for it; null when it is not reported.</summary>
    private static RegisterChange? Of(object entity, ChangeKind kind, IEntityType metadata, Func<IProperty, object?> valueOf)
    {
        var type = metadata.ClrType.Name;
        switch (entity)
        {
            case Domain.LineageEdge e: return new(type, e.ToId, kind, e.FromId);
            case Features.ServiceIdentities.ServiceIdentityUsage u: return new(type, u.ServiceIdentityId, kind);
            // Windows and receipts are reported as their endpoint (once per save, not once per row). Retention's roll-up
            // (hour rows written, minute rows deleted) changes no verdict's data, only its resolution: not a change.
            case Features.Monitoring.ObservationWindow { Resolution: Features.Monitoring.WindowResolution.Hour }: return null;
            case Features.Monitoring.ObservationWindow when kind == ChangeKind.Deleted: return null;
            case Features.Monitoring.ObservationWindow w: return new(type, w.EndpointId, ChangeKind.Updated);
            // Reference distributions are part of their evaluation (ADR 0041): reported as it.
            case Features.Monitoring.ReferenceDistribution r: return new(nameof(Domain.Evaluation), r.EvaluationId, ChangeKind.Updated);
            case Features.Monitoring.ObservationReceipt: return null;
            case Audit.AuditEntry: return null;
            // Accounts have string ids ("demo-risk"): reported by kind alone, which is all their subscriber (the service
            // token cache, emptied when an owner is disabled, deleted or loses a role) needs.
            case Identity.ApplicationUser: return new(type, Guid.Empty, kind);
            default:
                var key = metadata.FindPrimaryKey()?.Properties;
                if (key is not { Count: 1 }) return null;
                return valueOf(key[0]) switch
                {
                    Guid g => new(type, g, kind),
                    string s when Guid.TryParse(s, out var parsed) => new(type, parsed, kind),
                    _ => null,
                };
        }
    }
}
