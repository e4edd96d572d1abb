using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Audit;

/// <summary>
/// Every governed (<see cref="IAuditable"/>) row is written in the same transaction as an audit entry, so governed rows
/// beside an empty chain mean the chain's entries were deleted. The verifier reports that as an emptied chain; the append
/// refuses to restart the chain at genesis then, which would otherwise make the deletion verify as intact (ADR 0080).
/// </summary>
internal static class GovernedData
{
    /// <summary>The governed tables holding at least one row, read in <paramref name="db"/>'s current transaction if any.</summary>
    public static async Task<List<string>> TablesWithRowsAsync(GovernanceDbContext db, CancellationToken ct)
    {
        var tables = db.Model.GetEntityTypes().Where(t => typeof(IAuditable).IsAssignableFrom(t.ClrType))
            .Select(t => t.GetTableName()).OfType<string>().Distinct().Order().ToList();
        var withRows = new List<string>();
        foreach (var table in tables)
        {
            // Table names come from the EF model, never from input; a table name cannot be a parameter.
#pragma warning disable EF1003
            if (await db.Database.SqlQueryRaw<int>("SELECT CASE WHEN EXISTS(SELECT 1 FROM \"" + table + "\") THEN 1 ELSE 0 END AS \"Value\"").SingleAsync(ct) == 1)
#pragma warning restore EF1003
                withRows.Add(table);
        }
        return withRows;
    }

    /// <summary>What the verifier and a refused append both say about an emptied chain.</summary>
    public static string EmptiedChain(IEnumerable<string> tables) =>
        $"The audit chain is empty, yet the register holds governed data ({string.Join(", ", tables)}): its entries were deleted.";
}
