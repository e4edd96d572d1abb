using System.Text.RegularExpressions;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Inventory;

/// <summary>Server-side paged, filtered, sorted reads of the model inventory; never loads more than a page.</summary>
public sealed partial class InventoryService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    [GeneratedRegex("^(sha256:)?[0-9a-fA-F]{6,64}$")]
    private static partial Regex DigestPrefix();

    /// <summary><c>sha256:</c> plus hex, or 8+ hex characters with a digit (so names like "facade" stay names).</summary>
    internal static bool LooksLikeDigest(string term) =>
        DigestPrefix().IsMatch(term) && (term.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) || (term.Length >= 8 && term.Any(char.IsDigit)));

    public async Task<Result<Page<ModelVersionRow>>> QueryAsync(Caller caller, InventoryQuery q, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Reader, "read the inventory") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        var versions = Filter(db, q);
        var total = await versions.CountAsync(ct);
        // Two steps ("deferred join"): page the ids on the version table's own indexes first, then load the
        // 25 rows with their model and stages. Joining first makes SQLite sort all 100k rows for one page.
        var ids = await Sort(versions, q).Select(v => v.Id).PageOf(q.Page, q.PageSize).ToListAsync(ct);
        // Stages in their own query: as a LEFT JOIN onto a subquery SQLite materialises every stage row.
        var stages = (await db.ModelVersionStages.AsNoTracking().Where(s => ids.Contains(s.ModelVersionId))
                .Select(s => new { s.ModelVersionId, Badge = new StageBadge(s.AiSystem!.Key, s.AiSystem.Name, s.Stage) })
                .ToListAsync(ct))
            .ToLookup(s => s.ModelVersionId, s => s.Badge);
        var rows = await db.ModelVersions.AsNoTracking().Where(v => ids.Contains(v.Id))
            .Select(v => new ModelVersionRow(
                v.Id, v.ModelId, v.Model!.Name, v.Version, v.Framework, v.Sha256, v.CreatedAt, v.CreatedBy, v.Tags, Array.Empty<StageBadge>()))
            .ToDictionaryAsync(r => r.Id, ct);
        return new Page<ModelVersionRow>(ids.Select(id => rows[id] with { Stages = stages[id].ToList() }).ToList(), total);
    }

    /// <summary>
    /// Filters as subqueries (IN), not joins: SQLite then seeks the version table's indexes instead of
    /// scanning models, and never picks the stage index for a per-row lookup.
    /// </summary>
    private static IQueryable<ModelVersion> Filter(GovernanceDbContext db, InventoryQuery q)
    {
        var versions = db.ModelVersions.AsNoTracking();
        if (q.CardSubmitted is { } submitted)
            versions = versions.Where(v => db.Set<Cards.AiCard>().Any(c => c.ModelVersionId == v.Id && c.PublishedRevision != null) == submitted);
        var term = q.Search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            if (term.StartsWith("tag:", StringComparison.OrdinalIgnoreCase))
            {
                var tag = term[4..].Trim().ToLowerInvariant();
                versions = versions.Where(v => v.Tags.Contains(tag));
            }
            else if (LooksLikeDigest(term))
            {
                // A range on the indexed column (hex sorts below 'g'), so a prefix is an index seek.
                var from = Digest.Normalize(term);
                var to = from + "g";
                versions = versions.Where(v => string.Compare(v.Sha256, from) >= 0 && string.Compare(v.Sha256, to) < 0);
            }
            else
            {
                // Names and exact versions only: matching tags here would read every row's JSON (use tag:).
                var models = db.Models.Where(m => m.Name.Contains(term)).Select(m => m.Id);
                versions = versions.Where(v => models.Contains(v.ModelId) || v.Version == term);
            }
        }
        if (q.Stage is not null || q.AiSystemId is not null)
        {
            var staged = db.ModelVersionStages.Where(s => (q.Stage == null || s.Stage == q.Stage) && (q.AiSystemId == null || s.AiSystemId == q.AiSystemId))
                .Select(s => s.ModelVersionId);
            versions = versions.Where(v => staged.Contains(v.Id));
        }
        if (!string.IsNullOrWhiteSpace(q.Framework))
            versions = versions.Where(v => v.Framework == q.Framework);
        return versions;
    }

    private static IQueryable<ModelVersion> Sort(IQueryable<ModelVersion> versions, InventoryQuery q) => (q.Sort, q.Descending) switch
    {
        (InventorySort.ModelName, false) => versions.OrderBy(v => v.Model!.Name).ThenBy(v => v.Version),
        (InventorySort.ModelName, true) => versions.OrderByDescending(v => v.Model!.Name).ThenByDescending(v => v.Version),
        (InventorySort.Version, false) => versions.OrderBy(v => v.Version).ThenBy(v => v.Id),
        (InventorySort.Version, true) => versions.OrderByDescending(v => v.Version).ThenBy(v => v.Id),
        (InventorySort.Framework, false) => versions.OrderBy(v => v.Framework).ThenBy(v => v.Id),
        (InventorySort.Framework, true) => versions.OrderByDescending(v => v.Framework).ThenBy(v => v.Id),
        (_, false) => versions.OrderBy(v => v.CreatedAt).ThenBy(v => v.Id),
        _ => versions.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id),
    };

    public async Task<IReadOnlyList<string>> FrameworksAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelVersions.Select(v => v.Framework).Distinct().OrderBy(f => f).Take(50).ToListAsync(ct);
    }
}
