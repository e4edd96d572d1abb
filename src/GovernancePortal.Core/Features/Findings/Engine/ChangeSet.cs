using GovernancePortal.Core.Data;

namespace GovernancePortal.Core.Features.Findings.Engine;

/// <summary>The changes an incremental evaluation covers, indexed by entity type.</summary>
public sealed class ChangeSet
{
    private readonly Dictionary<string, List<RegisterChange>> byType;

    public ChangeSet(IEnumerable<RegisterChange> changes)
    {
        All = changes.Distinct().ToList();
        byType = All.GroupBy(c => c.EntityType).ToDictionary(g => g.Key, g => g.ToList());
    }

    public IReadOnlyList<RegisterChange> All { get; }

    public bool Touches(string type) => byType.ContainsKey(type);

    public bool Touches(IEnumerable<string> types) => types.Any(byType.ContainsKey);

    /// <summary>Ids of changed entities of <paramref name="type"/> (for an edge: its downstream node).</summary>
    public HashSet<Guid> Ids(string type) => byType.TryGetValue(type, out var list) ? list.Select(c => c.Id).ToHashSet() : [];

    /// <summary>Both ends of changed lineage edges.</summary>
    public HashSet<Guid> EdgeEnds() => byType.TryGetValue(nameof(Domain.LineageEdge), out var list)
        ? list.SelectMany(c => c.RelatedId is { } r ? [c.Id, r] : new[] { c.Id }).ToHashSet() : [];

    public bool Deleted(string type) => byType.TryGetValue(type, out var list) && list.Any(c => c.Kind == ChangeKind.Deleted);
}
