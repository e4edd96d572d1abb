namespace GovernancePortal.Core.Features.Cards;

/// <summary>Title and writing guidance of a section (Hugging Face card, Model Card Toolkit, EU AI Act Annex IV).</summary>
public sealed record SectionInfo(string Key, string Title, string Guidance);

public static class CardSectionInfo
{
    public static readonly IReadOnlyList<SectionInfo> All =
    [
        new(CardSections.ModelDetails, "Model details", "Owners and contacts, licence, model type and architecture. Identity and digest come from the register."),
        new(CardSections.IntendedUse, "Intended use", "Primary uses and intended users."),
        new(CardSections.OutOfScopeUses, "Out-of-scope uses", "Uses the model must not be put to, and why."),
        new(CardSections.BusinessUses, "AI systems and business uses", "The AI systems it is approved or proposed for. Stages and deployments come from the register."),
        new(CardSections.TrainingData, "Training data", "Selection, preprocessing and known gaps. The training run and its datasets come from lineage."),
        new(CardSections.EvaluationData, "Evaluation data", "How the test data was chosen and how it relates to production traffic."),
        new(CardSections.EvaluationResults, "Evaluation results", "Reading of the results. Metrics and pass/fail come from registered evaluations."),
        new(CardSections.QuantitativeAnalysis, "Quantitative analysis across groups", "Fairness metrics per group, thresholds, and what was done about gaps."),
        new(CardSections.RobustnessRedTeam, "Robustness and red-team summary", "Perturbation, adversarial and red-team testing and its outcome."),
        new(CardSections.Limitations, "Limitations and known failure modes", "Where the model is known to be wrong or weak."),
        new(CardSections.EthicalLegal, "Ethical and legal considerations", "Personal data, consent, discrimination law, intellectual property."),
        new(CardSections.RiskTier, "Risk tier and justification", "The risk tier of each use and why it applies."),
        new(CardSections.HumanOversight, "Human oversight measures", "Who can override or stop the model, and how."),
        new(CardSections.MonitoringPlan, "Monitoring plan", "Metrics watched in production, thresholds, and who is alerted."),
        new(CardSections.CaveatsRecommendations, "Caveats and recommendations", "What users of the model should know."),
        new(CardSections.ChangeLog, "Change log", "What changed from the previous version."),
    ];

    private static readonly Dictionary<string, SectionInfo> ByKey = All.ToDictionary(s => s.Key);

    public static SectionInfo Of(string key) => ByKey[key];
    public static string Title(string key) => ByKey.TryGetValue(key, out var s) ? s.Title : key;
}
