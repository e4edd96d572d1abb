using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Audit;

public sealed record AuditQuery(
    string? Actor = null, string? Action = null, string? EntityType = null, string? EntityId = null,
    DateTime? From = null, DateTime? To = null, int Page = 0, int PageSize = 50, string? EntityName = null);

/// <summary>An entry as people read it: the entity's name beside its id, the action in words beside its code.</summary>
public sealed record AuditRow(AuditEntry Entry, string? EntityName, string ActionText);

public sealed class AuditQueryService(IDbContextFactory<GovernanceDbContext> dbFactory, AuditEntityNames names)
{
    public const int ExportBatch = 1_000;
    public static readonly string[] CsvHeader =
        ["Sequence", "Time (UTC)", "Actor", "Actor kind", "Action", "Action code", "Entity type", "Entity id", "Entity name", "Before", "After", "Hash", "Previous hash"];

    public async Task<Page<AuditRow>> QueryAsync(AuditQuery q, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = await FilterAsync(db, q, ct);
        var total = await entries.CountAsync(ct);
        var items = await entries.OrderByDescending(a => a.Sequence).PageOf(q.Page, q.PageSize).ToListAsync(ct);
        return new(await RowsAsync(items, ct), total);
    }

    /// <summary>
    /// Every entry the filters select (not only one page), newest first, as CSV for auditors (RFC 4180, formula-safe:
    /// <see cref="Csv"/>). Read in batches so a long chain never sits in memory. Returns the number of entries written.
    /// </summary>
    public async Task<long> ExportCsvAsync(AuditQuery q, TextWriter output, CancellationToken ct = default)
    {
        await output.WriteAsync(Csv.Line(CsvHeader));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = await FilterAsync(db, q, ct);
        long written = 0, below = long.MaxValue;
        while (true)
        {
            var cursor = below;
            var batch = await entries.Where(a => a.Sequence < cursor).OrderByDescending(a => a.Sequence).Take(ExportBatch).ToListAsync(ct);
            if (batch.Count == 0) return written;
            foreach (var row in await RowsAsync(batch, ct))
            {
                var e = row.Entry;
                await output.WriteAsync(Csv.Line(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    e.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    e.Actor, e.ActorKind.ToString(), row.ActionText, e.Action, e.EntityType, e.EntityId, row.EntityName, e.Before, e.After, e.Hash, e.PreviousHash));
                written++;
            }
            below = batch[^1].Sequence;
        }
    }

    public async Task<IReadOnlyList<string>> EntityTypesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }

    private async Task<IQueryable<AuditEntry>> FilterAsync(GovernanceDbContext db, AuditQuery q, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Actor)) entries = entries.Where(a => a.Actor.Contains(q.Actor));
        if (!string.IsNullOrWhiteSpace(q.Action)) entries = entries.Where(a => a.Action.Contains(q.Action));
        if (!string.IsNullOrWhiteSpace(q.EntityType)) entries = entries.Where(a => a.EntityType == q.EntityType);
        if (!string.IsNullOrWhiteSpace(q.EntityId)) entries = entries.Where(a => a.EntityId == q.EntityId);
        if (!string.IsNullOrWhiteSpace(q.EntityName))
        {
            var ids = await names.IdsNamedAsync(q.EntityName, ct);
            entries = entries.Where(a => ids.Contains(a.EntityId));
        }
        if (q.From is { } from) entries = entries.Where(a => a.Timestamp >= from);
        if (q.To is { } to) entries = entries.Where(a => a.Timestamp < to);
        return entries;
    }

    private async Task<List<AuditRow>> RowsAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken ct)
    {
        var resolved = await names.ResolveAsync(entries, ct);
        return entries.Select(e => new AuditRow(e, resolved.GetValueOrDefault(AuditEntityNames.Key(e.EntityType, e.EntityId)),
            AuditActionWords.Describe(e.Action))).ToList();
    }
}

/// <summary>Writes explicit audit events that are not a change of a governed entity (sign-ins, failed sign-ins).</summary>
public sealed class AuditRecorder(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task RecordAsync(Actor actor, AuditEvent auditEvent, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = actor;
        db.AddAuditEvent(auditEvent);
        await db.SaveChangesAsync(ct);
    }
}
