using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Findings;

/// <summary>
/// The findings list's order, owned by the database (ADR 0062): most severe first, active before resolved at the same
/// severity, then the most recently seen. Severity is stored as text, and ordering the text put Medium above Critical,
/// so the rank is a stored computed column both providers maintain on every write, indexed with the tie-breakers.
/// </summary>
public static class FindingOrder
{
    public const string RankColumn = "ListRank";

    /// <summary>
    /// Severity counts double so that the active bit only breaks ties within one severity. The ranks come from
    /// <see cref="FindingSeverity"/>'s order (its one owner, stored as text), most severe first; a severity added to the
    /// enum changes this SQL, and the pending-model-changes test then asks for a migration.
    /// </summary>
    public static readonly string RankSql =
        "CASE \"Severity\" "
        + string.Concat(Enum.GetValues<FindingSeverity>().Where(v => (int)v > 0).Reverse().Select(v => $"WHEN '{v}' THEN {(int)v * 2} "))
        + "ELSE 0 END + CASE WHEN \"ResolvedAt\" IS NULL THEN 1 ELSE 0 END";

    /// <summary>Orders findings as the list shows them, along the rank index.</summary>
    public static IOrderedQueryable<Finding> InListOrder(this IQueryable<Finding> q) =>
        q.OrderByDescending(f => EF.Property<int>(f, RankColumn)).ThenByDescending(f => f.LastSeen).ThenBy(f => f.Id);
}
