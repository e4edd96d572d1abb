using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Findings;
using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.Web.Api;

public sealed record FindingDto(
    Guid Id, string Signal, string Rule, string Severity, string Status, string EntityType, Guid EntityId, string EntityName,
    string Title, DateTime FirstSeen, DateTime LastSeen)
{
    public static FindingDto From(Finding f) => new(f.Id, FindingNames.Kebab(f.Signal), FindingNames.Kebab(f.Rule),
        FindingNames.Kebab(f.Severity), FindingNames.Kebab(f.Status), f.EntityType, f.EntityId, f.EntityName, f.Title, f.FirstSeen, f.LastSeen);
}

/// <summary>/api/v1/findings: what the engine sees, for dashboards and pipelines (read scope).</summary>
public static class FindingsApi
{
    public static RouteGroupBuilder MapFindingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/findings", ListFindings).RequireScope(Scopes.Read).WithTags("Findings").WithName("ListFindings");
        return api;
    }

    private static async Task<IResult> ListFindings(FindingsService findings, string? signal, string? severity, string? status, string? system,
        int page = 0, int pageSize = 50)
    {
        var errors = new Dictionary<string, string>();
        var query = new FindingQuery(
            Parse<FindingSignal>(signal, nameof(signal), errors), Parse<FindingSeverity>(severity, nameof(severity), errors),
            Parse<FindingStatus>(status, nameof(status), errors), system);
        if (!string.IsNullOrWhiteSpace(system) && !await findings.SystemExistsAsync(system))
            errors["System"] = "no AI system has this key.";
        if (page < 0) errors["Page"] = "must be 0 or more.";
        if (pageSize is < 1 or > 200) errors["PageSize"] = "must be from 1 to 200.";
        if (errors.Count > 0) return ApiSetup.Problem(new Error.Validation(errors));
        var result = await findings.ListAsync(query, page, pageSize);
        return TypedResults.Ok(new ListResponse<FindingDto>(result.Items.Select(FindingDto.From).ToList(), result.Total));
    }

    private static T? Parse<T>(string? text, string field, Dictionary<string, string> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (FindingNames.TryParseKebab<T>(text, out var value)) return value;
        errors[char.ToUpperInvariant(field[0]) + field[1..]] = $"must be one of {string.Join(", ", Enum.GetValues<T>().Select(v => FindingNames.Kebab(v)))}.";
        return null;
    }
}
