using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Web.Api;

/// <summary>
/// kind=robustness (ADR 0034): <c>format</c> csv or jsonl with the clean predictions as <c>file</c>, the perturbed ones as
/// <c>perturbedFile</c>, a <c>perturbation</c> description, <c>rowIdColumn</c>, <c>labelColumn</c>, <c>predictionColumn</c>
/// and optional <c>sliceColumn</c>; or <c>format=giskard</c> with a Giskard scan report as <c>file</c>.
/// </summary>
public static partial class ComputedEvidenceApi
{
    private static async Task<IResult> RobustnessAsync(string name, string version, string kind, EvidenceForm form,
        EvidenceForm.SpooledPart file, DeploymentEnvironment? environment, Guid? dataset, Dictionary<string, string> fields, Caller caller,
        ComputedEvaluationService service, CancellationToken ct)
    {
        var field = form.Field;
        var format = field("format") switch
        {
            null or "csv" => RobustnessFormat.Csv,
            "jsonl" => RobustnessFormat.JsonLines,
            "giskard" => RobustnessFormat.Giskard,
            _ => (RobustnessFormat?)null,
        };
        if (format is null) fields["format"] = $"'{field("format")}' is not a robustness format; send csv, jsonl (two prediction files) or giskard (a scan report).";
        if (fields.Count > 0) return ApiSetup.Problem(new Error.Validation(fields));

        var perturbed = form.PerturbedFile;
        var columns = new RobustnessColumns(field("rowIdColumn") ?? "", field("labelColumn") ?? "", field("predictionColumn") ?? "", field("sliceColumn"));
        var result = await service.ComputeRobustnessAsync(caller,
            new ComputeRobustness(name, version, environment!.Value, dataset, format!.Value, file.FileName, perturbed?.FileName,
                field("perturbation"), columns), EvidenceUpload.Of(file.Spool), perturbed is null ? null : EvidenceUpload.Of(perturbed.Spool), ct);
        if (result.Error is { } error) return ApiSetup.Problem(error);
        var r = result.Value!;
        return TypedResults.Created($"/api/v1/evaluations/{r.Id}",
            new ComputedEvaluationResponse(r.Id, kind, "computed", r.Sha256, r.Passed, r.Metrics));
    }
}
