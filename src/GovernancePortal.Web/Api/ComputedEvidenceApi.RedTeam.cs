using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Web.Api;

public static partial class ComputedEvidenceApi
{
    /// <summary>
    /// kind=redteam: a garak report (format=garak), a PyRIT export (format=pyrit, JSON or CSV) or the generic attempts CSV
    /// (format=csv); no label or prediction columns. The fields read so far (environment, dataset) come with their errors.
    /// </summary>
    private static async Task<IResult> RedTeamAsync(string name, string version, EvidenceForm.SpooledPart file, string? formatField,
        DeploymentEnvironment? environment, Guid? dataset, Dictionary<string, string> fields, ComputedEvaluationService service,
        Caller caller, CancellationToken ct)
    {
        RedTeamFormat? format = formatField?.ToLowerInvariant() switch
        {
            "garak" => RedTeamFormat.Garak, "pyrit" => RedTeamFormat.Pyrit, "csv" => RedTeamFormat.Csv, _ => null,
        };
        if (format is null)
            fields["format"] = formatField is null
                ? "is required for a red-team file: garak (report JSONL), pyrit (JSON or CSV export) or csv (category, prompt_id, outcome)."
                : $"'{formatField}' is not a red-team format; send garak, pyrit or csv.";
        if (fields.Count > 0) return ApiSetup.Problem(new Error.Validation(fields));

        var result = await service.ComputeRedTeamAsync(caller,
            new ComputeRedTeam(name, version, environment!.Value, dataset, file.FileName, format!.Value), EvidenceUpload.Of(file.Spool), ct);
        if (result.Error is { } error) return ApiSetup.Problem(error);
        var r = result.Value!;
        return TypedResults.Created($"/api/v1/evaluations/{r.Id}",
            new ComputedEvaluationResponse(r.Id, "redteam", "computed", r.Sha256, r.Passed, r.Metrics));
    }
}
