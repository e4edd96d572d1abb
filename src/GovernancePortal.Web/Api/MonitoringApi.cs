using GovernancePortal.Core.Features.Monitoring;
using GovernancePortal.Core.Features.ServiceIdentities;

namespace GovernancePortal.Web.Api;

/// <summary>/api/v1 observations in, drift verdicts out (issue 15, ADR 0037).</summary>
public static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(this RouteGroupBuilder api)
    {
        // 201 when anything new was stored, 200 when every observation had been received before (a safe retry).
        api.MapPost("/observations", async (ObservationBatch b, ObservationIngest ingest, HttpContext http) =>
        {
            var result = await ingest.IngestAsync(ApiSetup.ApiCaller(http.User), b, http.RequestAborted);
            if (!result.Succeeded) return ApiSetup.Problem(result.Error!);
            var r = result.Value!;
            var body = new { received = r.Received, accepted = r.Accepted, duplicates = r.Duplicates, samples = r.Samples, windows = r.Windows };
            return r.Accepted > 0 ? Results.Json(body, statusCode: StatusCodes.Status201Created) : Results.Ok(body);
        }).RequireScope(Scopes.ObservationsWrite).WithTags("Monitoring").WithName("RecordObservations");

        // The distributions a staging evaluation ran on; they become the production baseline of its version (ADR 0041).
        api.MapPut("/evaluations/{id:guid}/reference-distributions", async (Guid id, ReferenceUpload body, ReferenceDistributionService references, HttpContext http) =>
        {
            var result = await references.UploadAsync(ApiSetup.ApiCaller(http.User), id, body, http.RequestAborted);
            if (!result.Succeeded) return ApiSetup.Problem(result.Error!);
            return Results.Ok(new
            {
                evaluationId = result.Value!.EvaluationId,
                distributions = result.Value.Distributions.Select(d => new { name = d.Name, count = d.Count }),
            });
        }).RequireScope(Scopes.EvaluationsWrite).WithTags("Evaluations").WithName("UploadReferenceDistributions");

        api.MapGet("/deployments/{id:guid}/drift", async (Guid id, MonitoringService monitoring, HttpContext http) =>
        {
            var result = await monitoring.DriftAsync(ApiSetup.ApiCaller(http.User), id, http.RequestAborted);
            if (!result.Succeeded) return ApiSetup.Problem(result.Error!);
            var d = result.Value!;
            return Results.Ok(new
            {
                endpointId = d.EndpointId,
                drift = d.Drifting,
                // The policy version whose monitoring section applied; null: none in force, the shipped defaults did (ADR 0041).
                policy = d.Policy is { } pr ? new { id = pr.Id, name = pr.Name, version = pr.Version } : null,
                window = new { from = d.From, to = d.To },
                baseline = new
                {
                    modelVersionId = d.Baseline.VersionId, version = d.Baseline.Version,
                    stagingEndpoints = d.Baseline.StagingEndpoints.Select(s => new { id = s.Id, name = s.Name }),
                    from = d.Baseline.From, to = d.Baseline.To,
                    referenceEvaluationId = d.Baseline.ReferenceEvaluationId,
                },
                features = d.Features.Select(f => new
                {
                    feature = f.Verdict.Feature, test = f.Verdict.Test, statistic = Finite(f.Verdict.Statistic), pValue = f.Verdict.PValue is { } p ? Finite(p) : null,
                    psi = Finite(f.Verdict.Psi), drift = f.Verdict.Drift, baselineCount = f.Verdict.BaselineCount, windowCount = f.Verdict.WindowCount,
                    window = new { from = f.From, to = f.To },
                    threshold = new { test = f.Threshold.Test, value = f.Threshold.Value, source = f.Threshold.Origin.ToString(), path = f.Threshold.Origin.Path },
                }),
                metrics = d.Metrics.Select(m => new
                {
                    metric = m.Metric, baseline = m.Baseline.Value, baselineSource = m.Baseline.Source, latest = m.Windows[0].Value,
                    tolerance = m.Tolerance, higherIsBetter = m.HigherIsBetter, limit = m.Limit, consecutiveWindows = m.ConsecutiveWindows,
                    worseInARow = m.WorseInARow, diverging = m.Diverging, ruleSource = m.Origin.ToString(), rulePath = m.Origin.Path,
                }),
            });
        }).RequireScope(Scopes.Read).WithTags("Monitoring").WithName("GetDeploymentDrift");
        return api;
    }

    /// <summary>JSON has no NaN: a statistic that cannot be computed is null rather than a 500.</summary>
    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
