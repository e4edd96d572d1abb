using System.Text.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// Upload limits (section <c>ComputedEvidence</c>): the one owner of every size an evidence upload may have, on the page
/// and through the API (whose request-body limit is derived from them, <see cref="MaxRequestBytes"/>).
/// </summary>
public sealed class ComputedEvidenceOptions
{
    public const string Section = "ComputedEvidence";

    /// <summary>Room for the form fields and multipart framing around the files of one API upload.</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    /// <summary>Longest value of one form field of an API upload (the longest real one, a perturbation, is 500 characters).</summary>
    public const int MaxFormFieldBytes = 64 * 1024;

    /// <summary>All form fields of one API upload together: half of <see cref="FormOverheadBytes"/>, the rest is framing.</summary>
    public const int MaxFormFieldsBytes = (int)(FormOverheadBytes / 2);

    /// <summary>Largest file, per file: a robustness upload may carry two of this size (clean and perturbed).</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Longest line of a garak report, in characters: each line is parsed whole as one JSON entry.</summary>
    public int MaxReportLineChars { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest Giskard scan report: it is one JSON document, parsed whole.</summary>
    public long MaxGiskardReportBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Largest API upload body: two files at <see cref="MaxUploadBytes"/> (robustness) and the form around them.</summary>
    public long MaxRequestBytes => 2 * MaxUploadBytes + FormOverheadBytes;
}

public sealed record ComputeEvaluation(
    string ModelName, string Version, EvaluationKind Kind, DeploymentEnvironment Environment, Guid? DatasetVersionId,
    string FileName, PredictionsOptions Options, DateTime? RanAt = null);

public sealed record ComputedEvaluation(Guid Id, EvaluationKind Kind, EvaluationSource Source, string Sha256, bool Passed,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Computes an evaluation from a predictions file: spools and hashes the upload, scans it, and registers the result
/// through <see cref="EvaluationService"/> as <c>computed</c> with the record of the file. A malformed file is refused
/// with its line and nothing is stored.
/// </summary>
public sealed partial class ComputedEvaluationService(
    IDbContextFactory<GovernanceDbContext> dbFactory, ModelRegistryService registry, EvaluationService evaluations,
    PolicyService policies, IEvidenceFileStore store, IOptions<ComputedEvidenceOptions> limits, TimeProvider time)
{
    public static readonly IReadOnlySet<EvaluationKind> SupportedKinds = new HashSet<EvaluationKind> { EvaluationKind.Bias, EvaluationKind.Performance };

    public async Task<Result<ComputedEvaluation>> ComputeAsync(Caller caller, ComputeEvaluation cmd, EvidenceUpload file, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "upload evaluations") is { } denied) return denied;
        if (Validate(cmd) is { } invalid) return invalid;
        var target = await TargetAsync(cmd.ModelName, cmd.Version, ct);
        if (target.Error is { } missing) return missing;
        var version = target.Value!;

        await using var spool = await file.SpoolAsync(limits.Value.MaxUploadBytes, store.SpoolFolder, ct);
        if (spool is null) return TooLarge("file");

        PredictionsScan? scan;
        await using (var predictions = File.OpenRead(spool.Path))
            if (PredictionsScanner.Scan(predictions, cmd.Options, out scan, ct) is { } error) return Invalid("file", error.ToString());

        var metrics = cmd.Kind == EvaluationKind.Bias ? ComputedMetrics.Bias(scan!, cmd.Options) : ComputedMetrics.Performance(scan!);
        return await StoreAsync(caller, version, cmd.Kind, cmd.Environment, cmd.DatasetVersionId, metrics, spool, cmd.FileName,
            PredictionsScanner.ParserVersionFor(cmd.Options.Format), JsonSerializer.Serialize(cmd.Options), ct, ranAt: cmd.RanAt);
    }

    /// <summary>
    /// Who may upload evidence, and to which version: the checks every Compute call makes first, offered on their own so
    /// the API can refuse before it reads a byte of the body (the Compute call repeats them; they are cheap).
    /// </summary>
    public async Task<Error?> CheckTargetAsync(Caller caller, string modelName, string version, CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "upload evaluations") is { } denied) return denied;
        return (await TargetAsync(modelName, version, ct)).Error;
    }

    /// <summary>The version an upload is for, or NotFound naming it: the one lookup every upload path makes.</summary>
    private async Task<Result<ModelVersion>> TargetAsync(string modelName, string version, CancellationToken ct) =>
        await registry.FindVersionAsync(modelName, version, ct) is { } found ? found : new Error.NotFound($"Model version {modelName} {version}");

    /// <summary>
    /// Spools one file for a later Compute call: hashed and measured as it streams, refused (and deleted) as soon as it
    /// passes <see cref="ComputedEvidenceOptions.MaxUploadBytes"/>, the error naming <paramref name="field"/>. The API's
    /// multipart reader spools each file part with this, so an upload is written to disk once (then renamed into the store).
    /// </summary>
    public async Task<Result<UploadSpool>> SpoolAsync(string field, Stream body, CancellationToken ct = default)
    {
        var spool = await UploadSpool.CreateAsync(body, limits.Value.MaxUploadBytes, store.SpoolFolder, ct);
        return spool is null ? TooLarge(field) : spool;
    }

    private Error TooLarge(string field) =>
        Invalid(field, $"is larger than the {limits.Value.MaxUploadBytes:N0} bytes allowed (ComputedEvidence:MaxUploadBytes).");

    /// <summary>
    /// Registers computed metrics with the record of their file (and, for robustness, of the perturbed file; one
    /// transaction, audited, through <see cref="EvaluationService"/>), the verdict given by the policies in force.
    /// <paramref name="summary"/> opens the description (e.g. which tool attacked which target). The evaluation is dated
    /// <paramref name="ranAt"/> (the demo seeder's dates) or now; the upload record is always dated now.
    /// </summary>
    private async Task<Result<ComputedEvaluation>> StoreAsync(Caller caller, ModelVersion version, EvaluationKind kind,
        DeploymentEnvironment environment, Guid? datasetVersionId, IReadOnlyDictionary<string, double> metrics, UploadSpool spool,
        string fileName, string parserVersion, string parametersJson, CancellationToken ct, (UploadSpool Spool, string FileName)? perturbed = null,
        string? summary = null, DateTime? ranAt = null)
    {
        var passed = await PassesPoliciesAsync(version, kind, environment, metrics, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var upload = new EvaluationUpload
        {
            Sha256 = spool.Sha256, SizeBytes = spool.SizeBytes, FileName = SafeFileName(fileName),
            UploadedById = caller.UserId ?? caller.ServiceIdentityId?.ToString() ?? caller.Actor.Name,
            UploadedByName = caller.Actor.Name, UploadedAt = now, ParserVersion = parserVersion, ParametersJson = parametersJson,
            PerturbedSha256 = perturbed?.Spool.Sha256, PerturbedSizeBytes = perturbed?.Spool.SizeBytes,
            PerturbedFileName = perturbed is { } p ? SafeFileName(p.FileName) : null,
        };
        var files = perturbed is null ? upload.FileName : $"{upload.FileName} (clean) and {upload.PerturbedFileName} (perturbed)";

        // The bytes are durable under their digest before the evaluation commits: no acknowledged evaluation without its
        // file. Should the commit fail, the kept file is an orphan nobody points to: the store's sweep deletes it after an hour
        // (ADR 0050).
        var kept = new List<EvidenceFile> { await KeepAsync(spool, upload.FileName, parserVersion, upload, ct) };
        if (perturbed is { } q) kept.Add(await KeepAsync(q.Spool, upload.PerturbedFileName!, parserVersion, upload, ct));
        var id = await evaluations.RegisterAsync(caller, new RegisterEvaluation(version.Id, kind, environment, datasetVersionId,
            metrics, passed, spool.Sha256, ranAt ?? now, $"{summary}Computed by the portal from {files} ({parserVersion}).", upload, kept), ct);
        if (id.Error is { } failed) return failed;
        return new ComputedEvaluation(id.Value, kind, EvaluationSource.Computed, spool.Sha256, passed, metrics);
    }

    /// <summary>Moves a spooled upload into the evidence store; the row describing it is written with the evaluation.</summary>
    private async Task<EvidenceFile> KeepAsync(UploadSpool spool, string fileName, string parserVersion, EvaluationUpload upload, CancellationToken ct)
    {
        await store.KeepAsync(spool.Path, spool.Sha256, ct);
        return new EvidenceFile
        {
            Sha256 = spool.Sha256, SizeBytes = spool.SizeBytes, MediaType = EvidenceMediaType.Of(fileName, parserVersion),
            OriginalFileName = fileName, FirstStoredAt = upload.UploadedAt, FirstStoredById = upload.UploadedById,
            FirstStoredByName = upload.UploadedByName,
        };
    }

    private static string SafeFileName(string name) => Path.GetFileName(name) is { Length: > 0 and <= 260 } n ? n : "upload";

    /// <summary>
    /// The verdict under the policies in force for this evidence (<see cref="EvaluationPolicies"/> chooses them): passed
    /// only when all their thresholds for this kind are met (<see cref="EvidenceRequirement.Unmet"/>, the rule the
    /// evidence gate applies).
    /// </summary>
    private async Task<bool> PassesPoliciesAsync(ModelVersion version, EvaluationKind kind, DeploymentEnvironment environment,
        IReadOnlyDictionary<string, double> metrics, CancellationToken ct)
    {
        var tiers = version.Stages.Where(s => s.AiSystem is not null).Select(s => s.AiSystem!.RiskTier).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rules = await EvaluationPolicies.ForAsync(db, policies, tiers, kind, environment, ct);
        return rules.All(r => r.Requirement.Unmet(metrics, EvaluationSource.Computed).Count == 0);
    }

    private static Error? Validate(ComputeEvaluation cmd)
    {
        var o = cmd.Options;
        var errors = new FieldErrors()
            .Check(SupportedKinds.Contains(cmd.Kind), "kind", $"{cmd.Kind} evidence cannot be computed yet; supported: bias, performance.")
            .Check(cmd.Environment is DeploymentEnvironment.Staging or DeploymentEnvironment.Production, "environment", "must be staging or production.")
            .Check(ColumnName(o.LabelColumn), "labelColumn", "is required (1 to 32 characters).")
            .Check(ColumnName(o.PredictionColumn), "predictionColumn", "is required (1 to 32 characters).")
            .Check(o.ScoreColumn is null || ColumnName(o.ScoreColumn), "scoreColumn", "must be 1 to 32 characters.")
            .Check(!string.IsNullOrEmpty(o.PositiveLabel) && o.PositiveLabel.Length <= 100, "positiveLabel", "must be 1 to 100 characters.")
            .Check(o.Sensitive.All(ColumnName) && o.Sensitive.Distinct().Count() == o.Sensitive.Count && o.Sensitive.Count <= 10,
                "sensitiveColumns", "must be up to 10 distinct column names of 1 to 32 characters.")
            .Check(cmd.Kind != EvaluationKind.Bias || o.Sensitive.Count > 0, "sensitiveColumns", "name at least one column for a bias evaluation.")
            .Check(o.Privileged.Keys.All(o.Sensitive.Contains), "privilegedGroups", "name only sensitive columns (column=value, comma-separated).")
            .Check(o.MinGroupSize is >= 1 and <= 1_000_000, "minGroupSize", "must be between 1 and 1,000,000.");
        return errors.Any ? errors.ToError() : null;
    }

    // Column names become part of metric names, so they are short and printable.
    private static bool ColumnName(string? name) => name is { Length: > 0 and <= 32 } && !name.Any(c => char.IsControl(c) || c is ':' or '=');

    private static Error Invalid(string field, string message) => new Error.Validation(new Dictionary<string, string> { [field] = message });
}
