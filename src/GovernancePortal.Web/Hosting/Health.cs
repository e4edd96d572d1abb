using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GovernancePortal.Web.Hosting;

/// <summary>
/// Health endpoints for load balancers and orchestrators, anonymous and plain JSON:
/// <c>/health/live</c> answers 200 while the process serves requests and asks nothing else (restart me only if this fails);
/// <c>/health/ready</c> (and its alias <c>/health</c>) answers 200 when the database answers a query and has every
/// migration this build knows, else 503 (send me no traffic).
/// </summary>
public static class Health
{
    private const string Ready = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        // A probe must answer before the balancer's own timeout, even when the server is blackholed rather than refusing.
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static WebApplication MapPortalHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        foreach (var path in new[] { "/health/ready", "/health" })
            app.MapHealthChecks(path, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

/// <summary>
/// Healthy when the database answers a query (not just when the file exists) and its schema is migrated to this
/// build: an instance started against a database another version has not migrated yet must not take traffic.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<Core.Data.GovernanceDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("database unreachable");
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName} reachable, migrated")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, first {pending[0]}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The type only: connection strings and server messages stay in the logs, not on an anonymous endpoint.
            return HealthCheckResult.Unhealthy("database error: " + ex.GetType().Name);
        }
    }
}
