namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// What the calculator reads from a predictions file: which columns hold the true label, the prediction, an optional
/// score and the sensitive features, which label value counts as positive (multi-class files are binarized on it),
/// the privileged group per sensitive column (for AIF360's disparate impact) and the group size below which a group
/// is flagged. <see cref="WeightColumn"/> weights rows as Fairlearn's <c>sample_weight</c> does; <see cref="Format"/> says
/// whether the file is a CSV or JSON Lines (keys instead of columns).
/// </summary>
public sealed record PredictionsOptions(
    string LabelColumn,
    string PredictionColumn,
    string? ScoreColumn = null,
    string PositiveLabel = "1",
    IReadOnlyList<string>? SensitiveColumns = null,
    IReadOnlyDictionary<string, string>? PrivilegedGroups = null,
    int MinGroupSize = PredictionsOptions.DefaultMinGroupSize,
    string? WeightColumn = null,
    PredictionsFormat Format = PredictionsFormat.Csv)
{
    public const int DefaultMinGroupSize = 30;

    /// <summary>A sensitive column with more distinct values than this is almost surely an id, not a group.</summary>
    public const int MaxGroupsPerColumn = 1000;

    // Conveniences, not parameters: kept out of the upload record's ParametersJson, which lists what the uploader chose.
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<string> Sensitive => SensitiveColumns ?? [];
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyDictionary<string, string> Privileged => PrivilegedGroups ?? new Dictionary<string, string>();
}
