using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GovernancePortal.Web.Hosting;

/// <summary>/health as JSON: overall status plus the database check, for load balancers and operators.</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

/// <summary>Healthy when the database answers a query (not just when the file exists).</summary>
internal sealed class DatabaseHealthCheck(Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Data.GovernanceDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName} reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database error: " + ex.GetType().Name);
        }
    }
}
