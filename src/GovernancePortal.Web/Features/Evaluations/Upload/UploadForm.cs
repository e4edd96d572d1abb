using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

namespace GovernancePortal.Web.Features.Evaluations.Upload;

/// <summary>What a file of each kind needs on the form; adding a kind's fields is one entry here and its inputs.</summary>
public enum UploadField { Columns, Sensitive, PerturbedFile, RowId, Perturbation, Slice, Format, FileFormat }

/// <summary>The upload form's values, and what each kind of evidence asks for.</summary>
public sealed class UploadForm
{
    /// <summary>The kinds a data scientist can upload, as the API names them.</summary>
    public static readonly IReadOnlyList<(EvaluationKind Kind, string Label)> Kinds =
        [(EvaluationKind.Bias, "Bias / fairness"), (EvaluationKind.Performance, "Performance"), (EvaluationKind.Robustness, "Robustness"), (EvaluationKind.Adversarial, "Red team")];

    /// <summary>Red-team report formats (garak report JSONL, PyRIT export, a generic CSV of attempts).</summary>
    public static readonly IReadOnlyList<string> RedTeamFormats = ["garak", "pyrit", "csv"];

    /// <summary>Predictions file formats as the API names them; robustness also takes a Giskard scan report (one JSON file, no columns).</summary>
    public static readonly IReadOnlyList<(string Format, string Label)> PredictionFormats = [("csv", "CSV"), ("jsonl", "JSON Lines")];
    public static readonly IReadOnlyList<(string Format, string Label)> RobustnessFormats = [.. PredictionFormats, ("giskard", "Giskard scan report (JSON)")];

    private static readonly Dictionary<EvaluationKind, UploadField[]> Fields = new()
    {
        [EvaluationKind.Bias] = [UploadField.FileFormat, UploadField.Columns, UploadField.Sensitive],
        [EvaluationKind.Performance] = [UploadField.FileFormat, UploadField.Columns],
        [EvaluationKind.Robustness] = [UploadField.FileFormat, UploadField.Columns, UploadField.PerturbedFile, UploadField.RowId, UploadField.Perturbation, UploadField.Slice],
        [EvaluationKind.Adversarial] = [UploadField.Format],
    };

    public EvaluationKind Kind { get; set; } = EvaluationKind.Bias;
    public DeploymentEnvironment Environment { get; set; } = DeploymentEnvironment.Staging;
    public string? LabelColumn { get; set; }
    public string? PredictionColumn { get; set; }
    public string? ScoreColumn { get; set; }
    public string PositiveLabel { get; set; } = "1";
    public IReadOnlyCollection<string> SensitiveColumns { get; set; } = [];
    /// <summary>The privileged group per sensitive column (for AIF360's disparate impact), empty when not named.</summary>
    public Dictionary<string, string> PrivilegedGroups { get; } = [];
    public int MinGroupSize { get; set; } = PredictionsOptions.DefaultMinGroupSize;
    public string? RowIdColumn { get; set; }
    public string? SliceColumn { get; set; }
    public string Perturbation { get; set; } = "";
    public string Format { get; set; } = "garak";
    /// <summary>The predictions file format: csv, jsonl, or (robustness only) giskard.</summary>
    public string FileFormat { get; set; } = "csv";

    /// <summary>The red-team format chosen (the list above holds only names this parses).</summary>
    public RedTeamFormat RedTeamFormat => Enum.Parse<RedTeamFormat>(Format, ignoreCase: true);

    /// <summary>The file formats the chosen kind offers.</summary>
    public IReadOnlyList<(string Format, string Label)> FileFormats => Kind == EvaluationKind.Robustness ? RobustnessFormats : PredictionFormats;

    /// <summary>A Giskard report is read whole: it has no columns and no second file.</summary>
    public bool IsGiskard => Kind == EvaluationKind.Robustness && FileFormat == "giskard";

    /// <summary>The chosen file is read as JSON Lines (keys instead of columns).</summary>
    public bool IsJsonLines => FileFormat == "jsonl";

    public bool Needs(UploadField field) =>
        Fields.TryGetValue(Kind, out var fields) && fields.Contains(field) && (!IsGiskard || field == UploadField.FileFormat);

    /// <summary>The robustness format chosen; a kind switched away from robustness leaves giskard behind, read as csv.</summary>
    public RobustnessFormat RobustnessFormat => FileFormat switch
    {
        "jsonl" => RobustnessFormat.JsonLines,
        "giskard" => RobustnessFormat.Giskard,
        _ => RobustnessFormat.Csv,
    };

    /// <summary>The robustness join's columns from the form (the service validates them).</summary>
    public RobustnessColumns ToRobustnessColumns() =>
        new(RowIdColumn ?? "", LabelColumn ?? "", PredictionColumn ?? "", string.IsNullOrEmpty(SliceColumn) ? null : SliceColumn);

    /// <summary>The calculator's options from the form (the service validates them and answers what is wrong).</summary>
    public PredictionsOptions ToOptions()
    {
        var sensitive = Needs(UploadField.Sensitive) ? SensitiveColumns.ToList() : [];
        var privileged = PrivilegedGroups.Where(p => sensitive.Contains(p.Key) && !string.IsNullOrWhiteSpace(p.Value))
            .ToDictionary(p => p.Key, p => p.Value.Trim());
        return new PredictionsOptions(LabelColumn ?? "", PredictionColumn ?? "", string.IsNullOrEmpty(ScoreColumn) ? null : ScoreColumn,
            string.IsNullOrWhiteSpace(PositiveLabel) ? "1" : PositiveLabel.Trim(), sensitive, privileged, MinGroupSize,
            Format: IsJsonLines ? PredictionsFormat.JsonLines : PredictionsFormat.Csv);
    }
}
