using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Monitoring;

/// <summary>
/// Reference distributions of a staging evaluation (<c>PUT /api/v1/evaluations/{id}/reference-distributions</c>): raw
/// samples and/or histograms per feature or score, folded into sketches as observations are. A new upload replaces the
/// evaluation's previous set.
/// </summary>
public sealed record ReferenceUpload(Dictionary<string, double[]>? Samples = null, Dictionary<string, HistogramInput>? Histograms = null);

/// <summary>What an upload stored: the names and how many values each holds.</summary>
public sealed record ReferenceSummary(Guid EvaluationId, IReadOnlyList<(string Name, long Count)> Distributions);

/// <summary>
/// Stores the distributions a staging evaluation was run on, so that production is compared with what the version was
/// approved on (ADR 0041; <see cref="Baselines"/> prefers them). One audit entry per upload: it changes a baseline.
/// </summary>
public sealed class ReferenceDistributionService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public const string AuditAction = "Evaluation.ReferenceDistributionsUploaded";

    public async Task<Result<ReferenceSummary>> UploadAsync(Caller caller, Guid evaluationId, ReferenceUpload upload, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "upload reference distributions") is { } denied) return denied;
        if (caller.IsService && !caller.Scopes.Contains(Scopes.EvaluationsWrite))
            return new Error.Forbidden($"Uploading reference distributions needs the {Scopes.EvaluationsWrite} scope.");
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = (upload?.Samples?.Count ?? 0) + (upload?.Histograms?.Count ?? 0);
        if (names == 0) errors["samples"] = "Send samples and/or histograms: at least one distribution.";
        else if (names > ObservationLimits.MaxNamesPerObservation) errors["samples"] = $"carries {names} names; at most {ObservationLimits.MaxNamesPerObservation}.";
        else
        {
            var total = ObservationValidation.CheckDistributions("", upload!.Samples, upload.Histograms, (k, m) => errors.TryAdd(k.TrimStart('.'), m));
            if (upload.Samples?.Keys.Intersect(upload.Histograms?.Keys ?? Enumerable.Empty<string>()).FirstOrDefault() is { } twice)
                errors.TryAdd($"histograms.{twice}", "is also sent as samples; send one or the other.");
            if (errors.Count == 0 && total > ObservationLimits.MaxSamplesPerCall)
                errors["samples"] = $"carry {total:N0} values; at most {ObservationLimits.MaxSamplesPerCall:N0} per call.";
        }
        if (errors.Count > 0) return new Error.Validation(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var evaluation = await db.Evaluations.AsNoTracking().Where(e => e.Id == evaluationId).Select(e => new { e.Environment }).FirstOrDefaultAsync(ct);
        if (evaluation is null) return new Error.NotFound($"Evaluation {evaluationId}");
        // They stand for staging in the production comparison; elsewhere they would silently mean nothing.
        if (evaluation.Environment != DeploymentEnvironment.Staging)
            return new Error.Validation(new Dictionary<string, string>
            {
                ["evaluationId"] = $"is a {evaluation.Environment} evaluation; reference distributions belong to the staging evaluation a version is approved on.",
            });

        var sketches = new Dictionary<string, ValueSketch>(StringComparer.Ordinal);
        foreach (var (name, values) in upload!.Samples ?? []) (sketches[name] = new ValueSketch()).AddRange(values);
        foreach (var (name, h) in upload.Histograms ?? []) (sketches[name] = new ValueSketch()).AddBinned(h.Edges, h.Counts);
        var previous = await db.ReferenceDistributions.Where(r => r.EvaluationId == evaluationId).ToListAsync(ct);
        db.ReferenceDistributions.RemoveRange(previous);
        var now = db.UtcNow;
        foreach (var (name, sketch) in sketches)
            db.ReferenceDistributions.Add(new ReferenceDistribution { EvaluationId = evaluationId, Name = name, Count = sketch.Count, Sketch = sketch.ToBytes(), UploadedAt = now });
        var stored = sketches.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (Name: s.Key, s.Value.Count)).ToList();
        db.AddAuditEvent(new AuditEvent(AuditAction, nameof(Evaluation), evaluationId.ToString(), null,
            JsonSerializer.Serialize(new { Replaced = previous.Select(p => p.Name).Order(StringComparer.Ordinal), Distributions = stored.Select(s => new { s.Name, s.Count }) })));
        await db.SaveChangesAsync(ct);
        return new ReferenceSummary(evaluationId, stored);
    }

    public async Task<IReadOnlyList<(string Name, long Count)>> ListAsync(Guid evaluationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.ReferenceDistributions.AsNoTracking().Where(r => r.EvaluationId == evaluationId).OrderBy(r => r.Name)
            .Select(r => new { r.Name, r.Count }).ToListAsync(ct)).Select(r => (r.Name, r.Count)).ToList();
    }
}
