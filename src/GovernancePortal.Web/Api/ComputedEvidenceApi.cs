using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Web.Api;

public sealed record ComputedEvaluationResponse(Guid Id, string Kind, string Source, string Sha256, bool Passed, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// POST /api/v1/models/{name}/versions/{version}/evaluations/{kind}: a predictions file (multipart/form-data) the
/// portal computes the evaluation from (ADR 0032), robustness from two prediction files or a Giskard report (ADR 0034),
/// or a red-team file (ADR 0033).
/// </summary>
public static partial class ComputedEvidenceApi
{
    private const string Route = "/models/{name}/versions/{version}/evaluations/{kind}";

    public static RouteGroupBuilder MapComputedEvidenceApi(this RouteGroupBuilder api)
    {
        api.MapPost(Route, UploadAsync).RequireScope(Scopes.EvaluationsWrite).WithTags("Evaluations").WithName("ComputeEvaluation")
            .Accepts<IFormFile>("multipart/form-data");
        return api;
    }

    /// <summary>The one upload route whose body may exceed Api:MaxBodyBytes (up to <see cref="ComputedEvidenceOptions.MaxRequestBytes"/>: two files and the form).</summary>
    public static bool IsUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value is { } p && p.StartsWith("/api/v1/models/", StringComparison.Ordinal)
        && p.Split('/') is { Length: 9 } s && s[5] == "versions" && s[7] == "evaluations";

    private static async Task<IResult> UploadAsync(string name, string version, string kind, HttpRequest request,
        ComputedEvaluationService service, CancellationToken ct)
    {
        EvaluationKind? evaluationKind = kind switch
        {
            "bias" => EvaluationKind.Bias, "performance" => EvaluationKind.Performance, "robustness" => EvaluationKind.Robustness,
            "redteam" => EvaluationKind.Adversarial, _ => null,
        };
        if (evaluationKind is null)
            return Invalid("kind", $"must be bias, performance, robustness or redteam, not '{kind}'.");
        var caller = ApiSetup.ApiCaller(request.HttpContext.User);
        // Before a byte of the body is read: may this caller upload, and does the version exist (the service's own
        // checks, which it repeats when it computes). A refused upload is not spooled at all.
        if (await service.CheckTargetAsync(caller, name, version, ct) is { } refused) return ApiSetup.Problem(refused);
        var (form, problem) = await EvidenceForm.ReadAsync(request, service, evaluationKind == EvaluationKind.Robustness, ct);
        if (form is null) return problem!;
        await using (form)
            return await ComputeAsync(name, version, kind, evaluationKind.Value, form, caller, service, ct);
    }

    private static async Task<IResult> ComputeAsync(string name, string version, string kind, EvaluationKind evaluationKind, EvidenceForm form,
        Caller caller, ComputedEvaluationService service, CancellationToken ct)
    {
        if (form.File is not { } file) return Invalid("file", "is required: the predictions file as a form part named 'file'.");
        var fields = new Dictionary<string, string>();
        string? Field(string key) => form.Field(key);
        var environment = Field("environment")?.ToLowerInvariant() switch
        {
            "staging" => DeploymentEnvironment.Staging,
            "production" => DeploymentEnvironment.Production,
            _ => (DeploymentEnvironment?)null,
        };
        if (environment is null) fields["environment"] = "is required: staging or production.";
        Guid? dataset = null;
        if (Field("datasetVersion") is { } ds) { if (Guid.TryParse(ds, out var g)) dataset = g; else fields["datasetVersion"] = "must be a dataset version id (GUID)."; }
        if (evaluationKind == EvaluationKind.Adversarial)
            return await RedTeamAsync(name, version, file, Field("format"), environment, dataset, fields, service, caller, ct);
        if (evaluationKind == EvaluationKind.Robustness)
            return await RobustnessAsync(name, version, kind, form, file, environment, dataset, fields, caller, service, ct);
        var predictionsFormat = Field("format") switch
        {
            null or "csv" => PredictionsFormat.Csv,
            "jsonl" => PredictionsFormat.JsonLines,
            _ => (PredictionsFormat?)null,
        };
        if (predictionsFormat is null) fields["format"] = $"'{Field("format")}' is not a predictions format; send csv or jsonl.";
        var minGroupSize = PredictionsOptions.DefaultMinGroupSize;
        if (Field("minGroupSize") is { } min && !int.TryParse(min, out minGroupSize)) fields["minGroupSize"] = "must be a whole number.";
        var privileged = new Dictionary<string, string>();
        foreach (var pair in List(Field("privilegedGroups")))
            if (pair.Split('=', 2) is [var column, var value] && column.Trim().Length > 0 && value.Trim().Length > 0) privileged[column.Trim()] = value.Trim();
            else fields["privilegedGroups"] = $"'{pair}' is not column=value.";
        if (fields.Count > 0) return ApiSetup.Problem(new Error.Validation(fields));

        var options = new PredictionsOptions(Field("labelColumn") ?? "", Field("predictionColumn") ?? "", Field("scoreColumn"),
            Field("positiveLabel") ?? "1", List(Field("sensitiveColumns")), privileged, minGroupSize, Format: predictionsFormat!.Value);
        var result = await service.ComputeAsync(caller,
            new ComputeEvaluation(name, version, evaluationKind, environment!.Value, dataset, file.FileName, options), EvidenceUpload.Of(file.Spool), ct);
        if (result.Error is { } error) return ApiSetup.Problem(error);
        var r = result.Value!;
        return TypedResults.Created($"/api/v1/evaluations/{r.Id}",
            new ComputedEvaluationResponse(r.Id, kind, "computed", r.Sha256, r.Passed, r.Metrics));
    }

    private static List<string> List(string? commaSeparated) =>
        commaSeparated is null ? [] : [.. commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static IResult Invalid(string field, string message) =>
        ApiSetup.Problem(new Error.Validation(new Dictionary<string, string> { [field] = message }));
}
