using System.Globalization;
using System.Text;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Web.Features.Findings;

/// <summary>GET /findings/export.csv with the Findings page's filters: the list as a spreadsheet, for people (cookie).</summary>
public static class FindingsCsv
{
    public static IEndpointRouteBuilder MapFindingsCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/findings/export.csv", async (FindingsService findings, string? signal, string? severity, string? status, string? system, string? rule) =>
        {
            var query = new FindingQuery(
                FindingNames.TryParseKebab<FindingSignal>(signal, out var sg) ? sg : null,
                FindingNames.TryParseKebab<FindingSeverity>(severity, out var sv) ? sv : null,
                FindingNames.TryParseKebab<FindingStatus>(status, out var st) ? st : null, system,
                FindingNames.TryParseKebab<FindingRule>(rule, out var ru) ? ru : null);
            return Results.File(Encoding.UTF8.GetBytes(Write(await findings.ExportAsync(query))), "text/csv; charset=utf-8", "findings.csv");
        }).RequireAuthorization(Policies.Reader);
        return app;
    }

    public static string Write(IEnumerable<Finding> findings)
    {
        var csv = new StringBuilder("id,signal,rule,severity,status,entityType,entityId,entityName,title,explanation,suggestedAction,firstSeen,lastSeen\r\n");
        foreach (var f in findings)
            csv.AppendJoin(',', [
                f.Id.ToString(), FindingNames.Kebab(f.Signal), FindingNames.Kebab(f.Rule), FindingNames.Kebab(f.Severity), FindingNames.Kebab(f.Status),
                f.EntityType, f.EntityId.ToString(), Cell(f.EntityName), Cell(f.Title), Cell(f.Message), Cell(f.SuggestedAction),
                f.FirstSeen.ToString("O", CultureInfo.InvariantCulture), f.LastSeen.ToString("O", CultureInfo.InvariantCulture)]).Append("\r\n");
        return csv.ToString();
    }

    /// <summary>RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
