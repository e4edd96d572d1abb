using System.Text;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Common;
using Microsoft.AspNetCore.WebUtilities;

namespace GovernancePortal.Web.Features.Audit;

/// <summary>
/// GET /audit/export.csv: the Audit page's filtered view as a CSV file for auditors (all matching entries, not one
/// page). A plain cookie-authenticated download, so the browser streams it; the export itself is audited.
/// </summary>
public static class AuditExport
{
    public const string Path = "/audit/export.csv";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ExportAsync).RequireAuthorization(Policies.Auditor).ExcludeFromDescription();
        return app;
    }

    /// <summary>The download link for what the page shows; <paramref name="to"/> is inclusive, as on the page.</summary>
    public static string Url(string? actor, string? action, string? entityType, string? entityName, DateTime? from, DateTime? to)
    {
        var query = new Dictionary<string, string?>
        {
            ["actor"] = actor, ["action"] = action, ["entityType"] = entityType, ["entityName"] = entityName,
            ["from"] = from?.ToString("yyyy-MM-dd"), ["to"] = to?.ToString("yyyy-MM-dd"),
        };
        return QueryHelpers.AddQueryString(Path, query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }

    private static async Task ExportAsync(HttpContext http, AuditQueryService audit, AuditRecorder recorder, TimeProvider time,
        string? actor, string? action, string? entityType, string? entityName, DateOnly? from, DateOnly? to)
    {
        var query = new AuditQuery(actor, action, entityType, null,
            from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), EntityName: entityName);
        // Who handed which part of the trail to whom is itself part of the trail.
        await recorder.RecordAsync(Caller.FromPrincipal(http.User).Actor, new AuditEvent("Audit.Exported", "AuditTrail", "csv", null,
            System.Text.Json.JsonSerializer.Serialize(new { actor, action, entityType, entityName, from, to })));
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-trail-{time.GetUtcNow():yyyyMMdd-HHmm}.csv\"";
        // A byte-order mark, so spreadsheet programs read the file as UTF-8.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await audit.ExportCsvAsync(query, writer, http.RequestAborted);
    }
}
