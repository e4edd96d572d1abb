using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Evaluations.Computed;
using GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

namespace GovernancePortal.Web.Features.Evaluations.Upload;

/// <summary>What a file of each kind needs on the form; adding a kind's fields is one entry here and its inputs.</summary>
public enum UploadField { Columns, Sensitive, PerturbedFile, RowId, Perturbation, Slice, Format }

/// <summary>The upload form's values, and what each kind of evidence asks for.</summary>
public sealed class UploadForm
{
    /// <summary>The kinds a data scientist can upload, as the API names them.</summary>
    public static readonly IReadOnlyList<(EvaluationKind Kind, string Label)> Kinds =
        [(EvaluationKind.Bias, "Bias / fairness"), (EvaluationKind.Performance, "Performance"), (EvaluationKind.Robustness, "Robustness"), (EvaluationKind.Adversarial, "Red team")];

    /// <summary>Red-team report formats (garak report JSONL, PyRIT export, a generic CSV of attempts).</summary>
    public static readonly IReadOnlyList<string> RedTeamFormats = ["garak", "pyrit", "csv"];

    private static readonly Dictionary<EvaluationKind, UploadField[]> Fields = new()
    {
        [EvaluationKind.Bias] = [UploadField.Columns, UploadField.Sensitive],
        [EvaluationKind.Performance] = [UploadField.Columns],
        [EvaluationKind.Robustness] = [UploadField.Columns, UploadField.PerturbedFile, UploadField.RowId, UploadField.Perturbation, UploadField.Slice],
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

    /// <summary>The red-team format chosen (the list above holds only names this parses).</summary>
    public RedTeamFormat RedTeamFormat => Enum.Parse<RedTeamFormat>(Format, ignoreCase: true);

    public bool Needs(UploadField field) => Fields.TryGetValue(Kind, out var fields) && fields.Contains(field);

    /// <summary>The calculator's options from the form (the service validates them and answers what is wrong).</summary>
    public PredictionsOptions ToOptions()
    {
        var sensitive = Needs(UploadField.Sensitive) ? SensitiveColumns.ToList() : [];
        var privileged = PrivilegedGroups.Where(p => sensitive.Contains(p.Key) && !string.IsNullOrWhiteSpace(p.Value))
            .ToDictionary(p => p.Key, p => p.Value.Trim());
        return new PredictionsOptions(LabelColumn ?? "", PredictionColumn ?? "", string.IsNullOrEmpty(ScoreColumn) ? null : ScoreColumn,
            string.IsNullOrWhiteSpace(PositiveLabel) ? "1" : PositiveLabel.Trim(), sensitive, privileged, MinGroupSize);
    }
}
