using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Audit;

public sealed record AuditQuery(
    string? Actor = null, string? Action = null, string? EntityType = null, string? EntityId = null,
    DateTime? From = null, DateTime? To = null, int Page = 0, int PageSize = 50);

public sealed class AuditQueryService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public async Task<Page<AuditEntry>> QueryAsync(AuditQuery q, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Actor)) entries = entries.Where(a => a.Actor.Contains(q.Actor));
        if (!string.IsNullOrWhiteSpace(q.Action)) entries = entries.Where(a => a.Action.Contains(q.Action));
        if (!string.IsNullOrWhiteSpace(q.EntityType)) entries = entries.Where(a => a.EntityType == q.EntityType);
        if (!string.IsNullOrWhiteSpace(q.EntityId)) entries = entries.Where(a => a.EntityId == q.EntityId);
        if (q.From is { } from) entries = entries.Where(a => a.Timestamp >= from);
        if (q.To is { } to) entries = entries.Where(a => a.Timestamp < to);
        var total = await entries.CountAsync(ct);
        var items = await entries.OrderByDescending(a => a.Sequence)
            .PageOf(q.Page, q.PageSize).ToListAsync(ct);
        return new(items, total);
    }

    public async Task<IReadOnlyList<string>> EntityTypesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
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
