namespace GovernancePortal.Core.Features.Cards;

/// <summary>
/// The sections of an AI Card, by stable key. Keys are shared by the card editor, completeness rules and the
/// promotion policies (which list the sections a card must have before a promotion), so they never change.
/// </summary>
public static class CardSections
{
    public const string ModelDetails = "model-details";
    public const string IntendedUse = "intended-use";
    public const string OutOfScopeUses = "out-of-scope-uses";
    public const string BusinessUses = "business-uses";
    public const string TrainingData = "training-data";
    public const string EvaluationData = "evaluation-data";
    public const string EvaluationResults = "evaluation-results";
    public const string QuantitativeAnalysis = "quantitative-analysis";
    public const string RobustnessRedTeam = "robustness-red-team";
    public const string Limitations = "limitations";
    public const string EthicalLegal = "ethical-legal";
    public const string RiskTier = "risk-tier";
    public const string HumanOversight = "human-oversight";
    public const string MonitoringPlan = "monitoring-plan";
    public const string CaveatsRecommendations = "caveats-recommendations";
    public const string ChangeLog = "change-log";

    public static readonly IReadOnlyList<string> All =
    [
        ModelDetails, IntendedUse, OutOfScopeUses, BusinessUses, TrainingData, EvaluationData, EvaluationResults,
        QuantitativeAnalysis, RobustnessRedTeam, Limitations, EthicalLegal, RiskTier, HumanOversight, MonitoringPlan,
        CaveatsRecommendations, ChangeLog,
    ];

    public static bool IsKnown(string key) => All.Contains(key);
}

/// <summary>The latest published (frozen) revision of a model version's AI Card, as promotions see it.</summary>
/// <param name="Sha256">SHA-256 of the revision's canonical content; approvals bind to it.</param>
/// <param name="CompletedSections">Keys of the sections that have content in that revision.</param>
/// <param name="StaleFacts">What the register says differently now about the reviewed facts (<see cref="FactDiff.ForReview"/>); empty when current.</param>
public sealed record PublishedCard(Guid CardId, int Revision, string Sha256, IReadOnlySet<string> CompletedSections, DateTime PublishedAt,
    IReadOnlyList<FactChange>? StaleFacts = null)
{
    public IReadOnlyList<FactChange> Stale => StaleFacts ?? [];
}

/// <summary>What the promotion gates read from AI Cards. Implemented by the cards feature.</summary>
public interface IPublishedCards
{
    Task<PublishedCard?> LatestPublishedAsync(Guid modelVersionId, CancellationToken ct = default);
}
