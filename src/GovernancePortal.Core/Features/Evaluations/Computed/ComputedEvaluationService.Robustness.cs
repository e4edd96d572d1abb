using System.Text.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>How robustness evidence arrives: two prediction files (CSV or JSON Lines) joined by row id, or a Giskard scan report.</summary>
public enum RobustnessFormat { Csv, JsonLines, Giskard }

/// <summary>
/// A robustness upload. For <see cref="RobustnessFormat.Csv"/> and <see cref="RobustnessFormat.JsonLines"/>: the clean
/// file, the perturbed file, what the perturbation was, and the columns; for a Giskard report only the file.
/// </summary>
public sealed record ComputeRobustness(
    string ModelName, string Version, DeploymentEnvironment Environment, Guid? DatasetVersionId, RobustnessFormat Format,
    string FileName, string? PerturbedFileName = null, string? Perturbation = null, RobustnessColumns? Columns = null, DateTime? RanAt = null);

public sealed partial class ComputedEvaluationService
{
    public const int MaxPerturbationLength = 500;

    /// <summary>
    /// Computes robustness evidence: joins a clean and a perturbed predictions file by row id, or counts the issues of a
    /// Giskard scan. Both files are spooled and hashed; the evaluation binds the clean file's digest as its artifact and
    /// keeps the perturbed file's in its upload record, which the promotion gates bind too. Nothing is stored on error.
    /// </summary>
    public async Task<Result<ComputedEvaluation>> ComputeRobustnessAsync(Caller caller, ComputeRobustness cmd, EvidenceUpload file, EvidenceUpload? perturbedFile,
        CancellationToken ct = default)
    {
        if (caller.Deny(Policies.Editor, "upload evaluations") is { } denied) return denied;
        if (Validate(cmd, perturbedFile is not null) is { } invalid) return invalid;
        var target = await TargetAsync(cmd.ModelName, cmd.Version, ct);
        if (target.Error is { } missing) return missing;
        var version = target.Value!;

        var max = limits.Value.MaxUploadBytes;
        await using var spool = await file.SpoolAsync(max, store.SpoolFolder, ct);
        if (spool is null) return TooLarge("file");

        if (cmd.Format == RobustnessFormat.Giskard)
        {
            if (spool.SizeBytes > limits.Value.MaxGiskardReportBytes)
                return Invalid("file", $"is {spool.SizeBytes:N0} bytes; a Giskard scan report is read whole and may be at most {limits.Value.MaxGiskardReportBytes:N0} bytes (ComputedEvidence:MaxGiskardReportBytes).");
            SortedDictionary<string, double>? issues;
            await using (var json = File.OpenRead(spool.Path))
                if (GiskardScan.Read(json, out issues) is { } error) return Invalid("file", error.ToString());
            return await StoreAsync(caller, version, EvaluationKind.Robustness, cmd.Environment, cmd.DatasetVersionId, issues!, spool,
                cmd.FileName, GiskardScan.ParserVersion, JsonSerializer.Serialize(new { format = "giskard" }), ct, ranAt: cmd.RanAt);
        }

        await using var perturbed = await perturbedFile!.SpoolAsync(max, store.SpoolFolder, ct);
        if (perturbed is null) return TooLarge("perturbedFile");
        var columns = cmd.Columns! with { Format = cmd.Format == RobustnessFormat.JsonLines ? PredictionsFormat.JsonLines : PredictionsFormat.Csv };
        RobustnessScan? scan;
        await using (var clean = File.OpenRead(spool.Path))
        await using (var changed = File.OpenRead(perturbed.Path))
            if (RobustnessJoin.Join(clean, SafeFileName(cmd.FileName), changed, SafeFileName(cmd.PerturbedFileName!), columns, out scan, ct) is { } error)
                return Invalid(error.Part, error.ToString());

        // Flat, as the evaluation page shows it under "how this was computed".
        var parameters = JsonSerializer.Serialize(new
        {
            format = columns.Format == PredictionsFormat.JsonLines ? "jsonl" : "csv",
            perturbation = cmd.Perturbation!.Trim(),
            rowIdColumn = columns.RowIdColumn, labelColumn = columns.LabelColumn, predictionColumn = columns.PredictionColumn,
            sliceColumn = columns.SliceColumn,
            perturbedFile = SafeFileName(cmd.PerturbedFileName!), perturbedSha256 = perturbed.Sha256, perturbedSizeBytes = perturbed.SizeBytes,
        });
        return await StoreAsync(caller, version, EvaluationKind.Robustness, cmd.Environment, cmd.DatasetVersionId, RobustnessMetrics.Of(scan!),
            spool, cmd.FileName, RobustnessJoin.ParserVersionFor(columns.Format), parameters, ct, (perturbed, cmd.PerturbedFileName!), ranAt: cmd.RanAt);
    }

    private static Error? Validate(ComputeRobustness cmd, bool hasPerturbedFile)
    {
        var errors = new FieldErrors()
            .Check(cmd.Environment is DeploymentEnvironment.Staging or DeploymentEnvironment.Production, "environment", "must be staging or production.");
        if (cmd.Format == RobustnessFormat.Giskard)
            return errors.Check(!hasPerturbedFile, "perturbedFile", "is only read for two prediction files (format csv or jsonl); a Giskard report is one file.")
                .Any ? errors.ToError() : null;
        var c = cmd.Columns;
        errors.Check(hasPerturbedFile && !string.IsNullOrEmpty(cmd.PerturbedFileName), "perturbedFile", "is required: the predictions on the perturbed inputs, same row ids as 'file'.")
            .Check(cmd.Perturbation?.Trim() is { Length: > 0 and <= MaxPerturbationLength } p && !p.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t')),
                "perturbation", $"is required: describe the perturbation (1 to {MaxPerturbationLength} characters).")
            .Check(ColumnName(c?.RowIdColumn), "rowIdColumn", "is required (1 to 32 characters): the column that joins the two files.")
            .Check(ColumnName(c?.LabelColumn), "labelColumn", "is required (1 to 32 characters).")
            .Check(ColumnName(c?.PredictionColumn), "predictionColumn", "is required (1 to 32 characters).")
            .Check(c?.SliceColumn is null || ColumnName(c.SliceColumn), "sliceColumn", "must be 1 to 32 characters.")
            .Check(c is null || new[] { c.RowIdColumn, c.LabelColumn, c.PredictionColumn, c.SliceColumn }.OfType<string>().Distinct().Count()
                == new[] { c.RowIdColumn, c.LabelColumn, c.PredictionColumn, c.SliceColumn }.OfType<string>().Count(), "rowIdColumn", "the row id, label, prediction and slice columns must differ.");
        return errors.Any ? errors.ToError() : null;
    }
}
