using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

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
            var type = entry.Metadata.ClrType.Name;
            switch (entry.Entity)
            {
                case Domain.LineageEdge e: changes.Add(new(type, e.ToId, kind.Value, e.FromId)); break;
                case Features.ServiceIdentities.ServiceIdentityUsage u: changes.Add(new(type, u.ServiceIdentityId, kind.Value)); break;
                // Windows and receipts are reported as their endpoint (once per save, not once per row). Retention's roll-up
                // (hour rows written, minute rows deleted) changes no verdict's data, only its resolution: not a change.
                case Features.Monitoring.ObservationWindow { Resolution: Features.Monitoring.WindowResolution.Hour }: break;
                case Features.Monitoring.ObservationWindow when kind == ChangeKind.Deleted: break;
                case Features.Monitoring.ObservationWindow w: changes.Add(new(type, w.EndpointId, ChangeKind.Updated)); break;
                // Reference distributions are part of their evaluation (ADR 0041): reported as it.
                case Features.Monitoring.ReferenceDistribution r: changes.Add(new(nameof(Domain.Evaluation), r.EvaluationId, ChangeKind.Updated)); break;
                case Features.Monitoring.ObservationReceipt: break;
                case Audit.AuditEntry: break;
                // Accounts have string ids ("demo-risk"): reported by kind alone, which is all their subscriber (the service
                // token cache, emptied when an owner is disabled, deleted or loses a role) needs.
                case Identity.ApplicationUser: changes.Add(new(type, Guid.Empty, kind.Value)); break;
                default:
                    var key = entry.Metadata.FindPrimaryKey()?.Properties;
                    if (key is { Count: 1 } && entry.Property(key[0].Name).CurrentValue is var value)
                    {
                        if (value is Guid g) changes.Add(new(type, g, kind.Value));
                        else if (value is string s && Guid.TryParse(s, out var parsed)) changes.Add(new(type, parsed, kind.Value));
                    }
                    break;
            }
        }
        return changes.Distinct().ToList();
    }
}
