using System.Text.Json;
using System.Text.Json.Nodes;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Lineage.OpenLineage;

public sealed record IngestResult(int Received, int Accepted, int Duplicates);

/// <summary>
/// Stores OpenLineage RunEvents and projects them onto the register in one transaction per request: a batch
/// is all or nothing. Events are applied in event-time order and run status only moves forward
/// (a late START never reopens a COMPLETE run), so arrival order does not matter.
/// </summary>
public sealed partial class OpenLineageIngestor(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public const int MaxBatch = 10_000;

    public async Task<Result<IngestResult>> IngestAsync(Caller caller, JsonNode? body, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "send lineage events") is { } denied) return denied;
        var nodes = body is JsonArray array ? array.ToList() : [body];
        if (nodes.Count is 0 or > MaxBatch)
            return Invalid("events", $"send 1 to {MaxBatch:N0} RunEvents (an object or an array of objects)");
        var parsed = new List<ParsedEvent>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (e, problem) = OpenLineageMapping.Parse(nodes[i]);
            if (problem is not null) return Invalid(body is JsonArray ? $"events[{i}]" : "event", problem + "; nothing was stored");
            parsed.Add(e!);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var keys = parsed.Select(p => p.Key).Distinct().ToList();
        var known = new HashSet<string>();
        foreach (var chunk in keys.Chunk(500))
            known.UnionWith(await db.LineageEvents.Where(e => chunk.Contains(e.EventKey)).Select(e => e.EventKey).ToListAsync(ct));
        var fresh = parsed.Where(p => known.Add(p.Key)).OrderBy(p => p.EventTime).ToList();
        if (fresh.Count == 0) return new IngestResult(parsed.Count, 0, parsed.Count);

        var projection = new Projection(db, caller.Actor.Name);
        foreach (var e in fresh)
        {
            db.LineageEvents.Add(new LineageEvent { EventKey = e.Key, RunId = e.RunId, EventType = e.EventType, EventTime = e.EventTime, ReceivedAt = db.UtcNow, ReceivedBy = caller.Actor.Name, Json = e.Json });
            if (await projection.ApplyAsync(e, ct) is { } conflict) return conflict;
        }
        db.AddAuditEvent(new AuditEvent("OpenLineage.Ingested", "LineageEvent", fresh[0].Key, null,
            JsonSerializer.Serialize(new { Events = fresh.Count, Duplicates = parsed.Count - fresh.Count, Runs = fresh.Select(f => f.RunId).Distinct().Count() })));
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        return new IngestResult(parsed.Count, fresh.Count, parsed.Count - fresh.Count);
    }

    private static Error Invalid(string field, string message) => new Error.Validation(new Dictionary<string, string> { [field] = message });
}
