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

    public async Task<Result<Page<ModelVersionRow>>> QueryAsync(Caller caller, InventoryQuery q, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Reader, "read the inventory") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        var versions = Filter(db.ModelVersions.AsNoTracking(), q);
        var total = await versions.CountAsync(ct);
        var rows = await Sort(versions, q).PageOf(q.Page, q.PageSize)
            .Select(v => new ModelVersionRow(
                v.Id, v.ModelId, v.Model!.Name, v.Version, v.Framework, v.Sha256, v.CreatedAt, v.CreatedBy, v.Tags,
                v.Stages.Select(s => new StageBadge(s.AiSystem!.Key, s.AiSystem.Name, s.Stage)).ToList()))
            .ToListAsync(ct);
        return new Page<ModelVersionRow>(rows, total);
    }

    private static IQueryable<ModelVersion> Filter(IQueryable<ModelVersion> versions, InventoryQuery q)
    {
        var term = q.Search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            if (term.StartsWith("tag:", StringComparison.OrdinalIgnoreCase))
            {
                var tag = term[4..].Trim();
                versions = versions.Where(v => v.Tags.Contains(tag));
            }
            else if (DigestPrefix().IsMatch(term))
            {
                var prefix = Digest.Normalize(term);
                // Hex-looking terms may also be part of a name (e.g. "bert"): match either.
                versions = versions.Where(v => v.Sha256.StartsWith(prefix) || v.Model!.Name.Contains(term));
            }
            else
            {
                versions = versions.Where(v => v.Model!.Name.Contains(term) || v.Version == term || v.Tags.Contains(term));
            }
        }
        if (q.Stage is { } stage)
            versions = versions.Where(v => v.Stages.Any(s => s.Stage == stage && (q.AiSystemId == null || s.AiSystemId == q.AiSystemId)));
        else if (q.AiSystemId is { } use)
            versions = versions.Where(v => v.Stages.Any(s => s.AiSystemId == use));
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
