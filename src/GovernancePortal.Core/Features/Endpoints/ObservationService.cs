using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Endpoints;

public sealed record ObservationPoint(string Metric, double Value, DateTime ObservedAt);

public sealed class ObservationService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public const int MaxPoints = 10_000;

    public async Task<Result<int>> RecordAsync(Caller caller, string endpoint, DeploymentEnvironment environment, IReadOnlyList<ObservationPoint> points, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "record observations") is { } denied) return denied;
        var errors = new FieldErrors()
            .Identifier("Endpoint", endpoint)
            .Defined("Environment", environment)
            .Check(points.Count is > 0 and <= MaxPoints, "Points", $"send 1 to {MaxPoints:N0} values.")
            .Check(points.All(p => p.Metric is { Length: > 0 and <= 100 }), "Points", "every value needs a metric name of 1 to 100 characters.")
            .Check(points.All(p => double.IsFinite(p.Value)), "Points", "values must be finite numbers.");
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var id = await db.ServingEndpoints.Where(e => e.Name == endpoint.Trim() && e.Environment == environment).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (id is null) return new Error.NotFound($"Endpoint {endpoint} ({environment}); report the deployment first");
        db.Observations.AddRange(points.Select(p => new Observation { EndpointId = id.Value, Metric = p.Metric, Value = p.Value, ObservedAt = p.ObservedAt }));
        db.AddAuditEvent(new AuditEvent("Observation.Recorded", nameof(ServingEndpoint), id.Value.ToString(), null,
            JsonSerializer.Serialize(new { Values = points.Count, Metrics = points.Select(p => p.Metric).Distinct().Order() })));
        await db.SaveChangesAsync(ct);
        return points.Count;
    }

    public async Task<IReadOnlyList<ObservationPoint>> SeriesAsync(Guid endpointId, string? metric, DateTime? from, DateTime? to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Observations.AsNoTracking().Where(o => o.EndpointId == endpointId);
        if (!string.IsNullOrEmpty(metric)) q = q.Where(o => o.Metric == metric);
        if (from is { } f) q = q.Where(o => o.ObservedAt >= f);
        if (to is { } t) q = q.Where(o => o.ObservedAt < t);
        return await q.OrderBy(o => o.ObservedAt).Take(MaxPoints).Select(o => new ObservationPoint(o.Metric, o.Value, o.ObservedAt)).ToListAsync(ct);
    }
}
