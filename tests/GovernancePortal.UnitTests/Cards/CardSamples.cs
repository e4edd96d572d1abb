using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Cards.Exports;

namespace GovernancePortal.UnitTests.Cards;

/// <summary>Register facts and a card document as the reader would produce them, without a database.</summary>
internal static class CardSamples
{
    public static readonly Guid VersionId = Guid.Parse("01900000-0000-7000-8000-000000000001");
    public static readonly Guid DatasetId = Guid.Parse("01900000-0000-7000-8000-000000000002");
    public static readonly Guid EvaluationId = Guid.Parse("01900000-0000-7000-8000-000000000003");
    public static readonly Guid SystemId = Guid.Parse("01900000-0000-7000-8000-000000000004");
    public static readonly Guid EndpointId = Guid.Parse("01900000-0000-7000-8000-000000000005");
    public const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static CardFacts Facts(RiskTier? tier = RiskTier.High, params EvaluationFacts[] extra) => new(
        new ModelFacts(VersionId, "credit-risk", "1.0.0", Sha, "xgboost 2.1", "s3://m/credit-risk/1.0.0", "owner@bank.example", "Credit PD model"),
        new RunFacts(Guid.Parse("01900000-0000-7000-8000-000000000006"), "train-credit", "abc123", "sha256:feed"),
        [new DatasetFacts(DatasetId, "credit/applications", "2025-Q2", "s3://data/apps", null, "Internal", true, 1000)],
        [new EvaluationFacts(EvaluationId, EvaluationKind.Performance, true, new SortedDictionary<string, double> { ["auc"] = 0.861, ["ks"] = 0.52 },
            DatasetId, "credit/holdout @ 2025-Q2", Sha, new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc)), .. extra],
        [new DeploymentFacts(EndpointId, "credit-api", DeploymentEnvironment.Production, Sha, "Retail credit scoring")],
        tier is { } t ? [new UseFacts(SystemId, "retail-credit", "Retail credit scoring", t, Stage.Production)] : []);

    public static Dictionary<string, string> Sections() => new()
    {
        [CardSections.ModelDetails] = "Licence: apache-2.0\n\nGradient boosted trees.",
        [CardSections.IntendedUse] = "Estimate probability of default.\n\n- underwriters\n- risk analysts",
        [CardSections.OutOfScopeUses] = "Not for marketing.",
        [CardSections.Limitations] = "Weak on thin-file applicants.\n\n### Known failure modes\n\nSelf-employed income.",
        [CardSections.ChangeLog] = "First version.",
    };

    public static CardDocument Document(Dictionary<string, string>? sections = null)
    {
        var s = sections ?? Sections();
        var facts = Facts();
        var sha = CardCanonical.Sha256(CardCanonical.Content(VersionId, s, CardCanonical.FactsJson(facts)));
        return new CardDocument(Guid.Parse("01900000-0000-7000-8000-000000000009"), 3, true, sha, new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc),
            s, facts, CardCompleteness.Evaluate(s, facts));
    }
}
