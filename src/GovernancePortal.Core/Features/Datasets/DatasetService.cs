using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Datasets;

public sealed record RegisterDatasetVersion(
    string Namespace, string Name, string Version, string Uri, string? Sha256, long? RowCount,
    string SchemaSummary, string Licence, bool ContainsPersonalData, string Provenance);

public sealed record DatasetVersionRow(Guid Id, string Namespace, string Name, string Version, string? Sha256, long? RowCount, bool ContainsPersonalData, string Licence, DateTime CreatedAt);

public sealed class DatasetService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<Result<Guid>> RegisterVersionAsync(Caller caller, RegisterDatasetVersion cmd, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "register datasets") is { } denied) return denied;
        var errors = new FieldErrors()
            .Identifier(nameof(cmd.Namespace), cmd.Namespace, Data.Configurations.DatasetConfiguration.NameLength)
            .Identifier(nameof(cmd.Name), cmd.Name, Data.Configurations.DatasetConfiguration.NameLength)
            .Identifier(nameof(cmd.Version), cmd.Version, Data.Configurations.DatasetVersionConfiguration.VersionLength)
            .Required(nameof(cmd.Uri), cmd.Uri, 2000)
            .Sha256(nameof(cmd.Sha256), cmd.Sha256, required: false)
            .Check(cmd.RowCount is null or >= 0, nameof(cmd.RowCount), "cannot be negative.")
            .Optional(nameof(cmd.SchemaSummary), cmd.SchemaSummary, Data.Configurations.DatasetVersionConfiguration.SchemaSummaryLength)
            .Optional(nameof(cmd.Licence), cmd.Licence, 200)
            .Optional(nameof(cmd.Provenance), cmd.Provenance, 4000);
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var (ns, name, ver) = (cmd.Namespace.Trim(), cmd.Name.Trim(), cmd.Version.Trim());
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Namespace == ns && d.Name == name, ct);
        if (dataset is null)
            db.Datasets.Add(dataset = new Dataset { Namespace = ns, Name = name, Owner = caller.Actor.Name, CreatedAt = db.UtcNow });
        else if (await db.DatasetVersions.AnyAsync(v => v.DatasetId == dataset.Id && v.Version == ver, ct))
            return new Error.Conflict($"{ns}/{name} version {ver} is already registered.");

        var version = new DatasetVersion
        {
            DatasetId = dataset.Id, Version = ver, Uri = cmd.Uri.Trim(),
            Sha256 = string.IsNullOrWhiteSpace(cmd.Sha256) ? null : Digest.Normalize(cmd.Sha256),
            RowCount = cmd.RowCount, SchemaSummary = cmd.SchemaSummary.Trim(), Licence = cmd.Licence.Trim(),
            ContainsPersonalData = cmd.ContainsPersonalData, Provenance = cmd.Provenance.Trim(), CreatedAt = db.UtcNow,
        };
        db.DatasetVersions.Add(version);
        await db.SaveChangesAsync(ct);
        return version.Id;
    }

    public async Task<Page<DatasetVersionRow>> ListVersionsAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.DatasetVersions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
            q = q.Where(v => v.Dataset!.Name.Contains(search) || v.Dataset.Namespace.Contains(search) || v.Sha256!.StartsWith(search.ToLower()));
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(v => v.CreatedAt).ThenBy(v => v.Id)
            .PageOf(page, pageSize)
            .Select(v => new DatasetVersionRow(v.Id, v.Dataset!.Namespace, v.Dataset.Name, v.Version, v.Sha256, v.RowCount, v.ContainsPersonalData, v.Licence, v.CreatedAt))
            .ToListAsync(ct);
        return new(items, total);
    }

    public async Task<DatasetVersion?> GetVersionAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DatasetVersions.AsNoTracking().Include(v => v.Dataset).FirstOrDefaultAsync(v => v.Id == id, ct);
    }

    public async Task<Dataset?> FindAsync(string ns, string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().Include(d => d.Versions.OrderByDescending(v => v.CreatedAt))
            .FirstOrDefaultAsync(d => d.Namespace == ns && d.Name == name, ct);
    }

    /// <summary>Small pick list for forms (newest first).</summary>
    public async Task<IReadOnlyList<DatasetVersionRow>> SearchAsync(string? text, CancellationToken ct = default) =>
        (await ListVersionsAsync(text, 0, 20, ct)).Items;
}
