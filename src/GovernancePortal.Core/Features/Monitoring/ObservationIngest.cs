using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// Folds a batch of observations into per-window rows (ADR 0037): metric values into sum and count, samples and
/// histograms into the window's <see cref="ValueSketch"/>. The batch commits in one transaction with one audit entry;
/// observation ids already received are answered as duplicates and change nothing.
/// </summary>
public sealed class ObservationIngest(IDbContextFactory<GovernanceDbContext> dbFactory, IOptions<MonitoringOptions> options, TimeProvider time)
{
    public const string AuditAction = "Observation.Recorded";

    private readonly record struct WindowKey(Guid EndpointId, ObservationKind Kind, string Name, DateTime Start);

    public async Task<Result<IngestResult>> IngestAsync(Caller caller, ObservationBatch batch, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "record observations") is { } denied) return denied;
        if (caller.IsService && !caller.Scopes.Contains(Scopes.ObservationsWrite))
            return new Error.Forbidden($"Recording observations needs the {Scopes.ObservationsWrite} scope.");
        var now = time.GetUtcNow().UtcDateTime;
        if (ObservationValidation.Check(batch, now, ObservationRetention.Cutoff(options.Value, now)) is { } invalid) return invalid;

        for (var attempt = 1; ; attempt++)
        {
            try { return await IngestOnceAsync(caller, batch, ct); }
            // Another writer stored the same window or receipt first (unique index, or Count changed under us): read again.
            catch (DbUpdateException) when (attempt < 4) { }
        }
    }

    private async Task<Result<IngestResult>> IngestOnceAsync(Caller caller, ObservationBatch batch, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var resolved = await ResolveEndpointsAsync(db, batch.Observations, ct);
        if (resolved.Error is { } unknown) return unknown;
        var endpointOf = resolved.Value!;

        var ids = batch.Observations.Select((o, i) => (Endpoint: endpointOf[i], o.Id)).ToList();
        var endpointIds = endpointOf.Distinct().ToList();
        var observationIds = ids.Select(x => x.Id).Distinct().ToList();
        var seen = (await db.ObservationReceipts.AsNoTracking()
                .Where(r => endpointIds.Contains(r.EndpointId) && observationIds.Contains(r.ObservationId))
                .Select(r => new { r.EndpointId, r.ObservationId }).ToListAsync(ct))
            .Select(r => (r.EndpointId, r.ObservationId)).ToHashSet();

        var now = time.GetUtcNow().UtcDateTime;
        var windows = new Dictionary<WindowKey, Accumulator>();
        int accepted = 0, duplicates = 0;
        long samples = 0;
        for (var i = 0; i < batch.Observations.Count; i++)
        {
            var o = batch.Observations[i];
            if (!seen.Add((endpointOf[i], o.Id))) { duplicates++; continue; }
            accepted++;
            db.ObservationReceipts.Add(new ObservationReceipt { EndpointId = endpointOf[i], ObservationId = o.Id, ReceivedAt = now });
            var start = WindowAlignment.MinuteOf(o.Window.From);
            foreach (var (name, value) in o.Metrics ?? [])
                Get(windows, new(endpointOf[i], ObservationKind.Metric, name, start), o.Labelled).AddMetric(value);
            foreach (var (name, values) in o.Samples ?? [])
            {
                var sketch = Get(windows, new(endpointOf[i], ObservationKind.Distribution, name, start), o.Labelled).Sketch;
                sketch.AddRange(values);
                samples += values.Length;
            }
            foreach (var (name, h) in o.Histograms ?? [])
            {
                Get(windows, new(endpointOf[i], ObservationKind.Distribution, name, start), o.Labelled).Sketch.AddBinned(h.Edges, h.Counts);
                samples += h.Counts.Sum();
            }
        }

        if (windows.Count > 0) await MergeIntoRowsAsync(db, windows, ct);
        db.AddAuditEvent(new AuditEvent(AuditAction, nameof(ServingEndpoint), endpointIds.Count == 1 ? endpointIds[0].ToString() : "batch", null,
            JsonSerializer.Serialize(new
            {
                Observations = batch.Observations.Count, Accepted = accepted, Duplicates = duplicates, Samples = samples, Windows = windows.Count,
                Endpoints = endpointIds, Names = windows.Keys.Select(k => k.Name).Distinct().Order(StringComparer.Ordinal).Take(50),
            })));
        await db.SaveChangesAsync(ct);
        return new IngestResult(batch.Observations.Count, accepted, duplicates, samples, windows.Count);
    }

    private static Accumulator Get(Dictionary<WindowKey, Accumulator> windows, WindowKey key, bool labelled)
    {
        if (!windows.TryGetValue(key, out var acc)) windows[key] = acc = new Accumulator(key.Kind);
        acc.Labelled |= labelled;
        return acc;
    }

    /// <summary>Adds what the batch saw to the stored rows of the same windows (read, merge, write: out-of-order windows just merge).</summary>
    private static async Task MergeIntoRowsAsync(GovernanceDbContext db, Dictionary<WindowKey, Accumulator> windows, CancellationToken ct)
    {
        var endpointIds = windows.Keys.Select(k => k.EndpointId).Distinct().ToList();
        var names = windows.Keys.Select(k => k.Name).Distinct().ToList();
        var first = windows.Keys.Min(k => k.Start);
        var last = windows.Keys.Max(k => k.Start);
        var existing = (await db.ObservationWindows
                .Where(w => endpointIds.Contains(w.EndpointId) && names.Contains(w.Name) && w.Resolution == WindowResolution.Minute
                    && w.WindowStart >= first && w.WindowStart <= last)
                .ToListAsync(ct))
            .ToDictionary(w => new WindowKey(w.EndpointId, w.Kind, w.Name, w.WindowStart));
        foreach (var (key, acc) in windows)
        {
            if (!existing.TryGetValue(key, out var row))
            {
                row = new ObservationWindow { EndpointId = key.EndpointId, Kind = key.Kind, Name = key.Name, WindowStart = key.Start, Resolution = WindowResolution.Minute };
                db.ObservationWindows.Add(row);
            }
            acc.FoldInto(row);
        }
    }

    /// <summary>Each observation's endpoint id, by id or by (name, environment); an unknown one is a validation error naming its path.</summary>
    private static async Task<Result<Guid[]>> ResolveEndpointsAsync(GovernanceDbContext db, IReadOnlyList<ObservationInput> list, CancellationToken ct)
    {
        var byId = list.Where(o => o.EndpointId is not null).Select(o => o.EndpointId!.Value).Distinct().ToList();
        var byName = list.Where(o => o.EndpointId is null).Select(o => o.Endpoint!.Trim()).Distinct().ToList();
        var known = await db.ServingEndpoints.AsNoTracking()
            .Where(e => byId.Contains(e.Id) || byName.Contains(e.Name))
            .Select(e => new { e.Id, e.Name, e.Environment }).ToListAsync(ct);
        var ids = known.Select(e => e.Id).ToHashSet();
        var names = known.GroupBy(e => (e.Name, e.Environment)).ToDictionary(g => g.Key, g => g.First().Id);
        var result = new Guid[list.Count];
        var errors = new Dictionary<string, string>();
        for (var i = 0; i < list.Count; i++)
        {
            var o = list[i];
            if (o.EndpointId is { } id)
            {
                if (ids.Contains(id)) result[i] = id;
                else errors.TryAdd($"observations[{i}].endpointId", $"{id} is not a reported deployment.");
            }
            else if (names.TryGetValue((o.Endpoint!.Trim(), o.Environment!.Value), out var found)) result[i] = found;
            else errors.TryAdd($"observations[{i}].endpoint", $"{o.Endpoint} ({o.Environment}) is not a reported deployment; report it with POST /api/v1/deployments first.");
        }
        return errors.Count > 0 ? new Error.Validation(errors) : result;
    }

    private sealed class Accumulator(ObservationKind kind)
    {
        private ValueSketch? sketch;
        public bool Labelled;
        public long Count;
        public double Sum;

        public ValueSketch Sketch => sketch ??= new ValueSketch();

        public void AddMetric(double value) { Count++; Sum += value; }

        public void FoldInto(ObservationWindow row)
        {
            row.Labelled |= Labelled;
            if (kind == ObservationKind.Metric)
            {
                row.Count += Count;
                row.Sum += Sum;
                return;
            }
            var merged = row.Sketch is { Length: > 0 } bytes ? ValueSketch.FromBytes(bytes) : new ValueSketch();
            merged.Merge(Sketch);
            row.Sketch = merged.ToBytes();
            row.Count = merged.Count;
        }
    }
}

/// <summary>Window alignment: the one place that decides which window a time belongs to.</summary>
public static class WindowAlignment
{
    public static DateTime MinuteOf(DateTime t)
    {
        var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
    }

    public static DateTime HourOf(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
}
