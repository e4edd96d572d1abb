using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Evaluations;
using Microsoft.Extensions.DependencyInjection;
using static GovernancePortal.Core.Seeding.DemoCatalog;

namespace GovernancePortal.Core.Seeding;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// Every demo version gets an AI Card. Most are published; the LightGBM challenger and the legacy scorecard
    /// stay incomplete drafts; <see cref="SeedLateCardsAsync"/> later makes one published card stale.
    /// </summary>
    private async Task SeedCardsAsync(Dictionary<string, Guid> versions, CancellationToken ct)
    {
        var cards = services.GetRequiredService<CardService>();
        // Oldest first, so each later version's card starts from its predecessor's text, as in real use.
        foreach (var v in Versions.OrderByDescending(v => v.AgeDays))
        {
            var id = versions[$"{v.Model}:{v.Version}"];
            Ok(await cards.StartAsync(Seeder, id, ct), "card " + v.Model);
            var incomplete = v.Model == "credit-risk-lgbm";
            var text = CardText(v, incomplete);
            Ok(await cards.SaveAsync(Seeder, id, text, int.MaxValue, "edit", ct), "card " + v.Model);
            if (!incomplete) Ok(await cards.SubmitForReviewAsync(Seeder, id, ct), "card " + v.Model);
        }
    }

    /// <summary>
    /// After the anomalies exist: the legacy scorecard gets an incomplete draft, and a red-team run registered after the
    /// toxicity guard's card was published leaves that card stating a register that no longer holds.
    /// </summary>
    private async Task SeedLateCardsAsync(Dictionary<string, Guid> versions, Dictionary<string, Guid> datasets, CancellationToken ct)
    {
        var cards = services.GetRequiredService<CardService>();
        var legacy = (await services.GetRequiredService<Features.Inventory.ModelRegistryService>().FindVersionAsync("legacy-scorecard", "0.9.0", ct))!.Id;
        Ok(await cards.StartAsync(Seeder, legacy, ct), "legacy card");
        Ok(await cards.SaveAsync(Seeder, legacy, new Dictionary<string, string>
        {
            [CardSections.ModelDetails] = "SAS scorecard from 2019. Owner: retail credit analytics. Licence: proprietary.",
            [CardSections.IntendedUse] = "Historic benchmark for the credit scoring models; not used for decisions.",
        }, int.MaxValue, "edit", ct), "legacy card");
        Ok(await services.GetRequiredService<EvaluationService>().RegisterAsync(Seeder, new(
            versions["support-toxicity-guard:1.4.0"], EvaluationKind.Adversarial, DeploymentEnvironment.Staging, datasets["support/jailbreak-prompts@v3"],
            new Dictionary<string, double> { ["attack_success_rate"] = 0.08 }, false, Sha("report:support-toxicity-guard:1.4.0:adversarial"), DaysAgo(1),
            "Obfuscated prompts slipped past the guard above the 2 % threshold."), ct), "late red-team evaluation");
    }

    private static Dictionary<string, string> CardText(VersionSpec v, bool incomplete)
    {
        var family = v.Model.Split('-')[0];
        var purpose = family switch
        {
            "credit" => "Estimates the probability that a consumer loan applicant defaults within 12 months.",
            "support" => "Supports the customer chat assistant: drafting answers, routing intents or filtering toxic output.",
            "fraud" => "Scores card transactions in real time so that suspicious ones are held for an analyst.",
            _ => "Ranks existing customers by their likelihood to respond to savings campaigns.",
        };
        var text = new Dictionary<string, string>
        {
            [CardSections.IntendedUse] = $"{purpose}\n\n**Intended users:** the owning business team and its analysts.",
            [CardSections.TrainingData] = $"Trained on the datasets listed below (from lineage). Inputs: {string.Join(", ", v.Inputs)}.",
        };
        if (incomplete) return text;
        text[CardSections.ModelDetails] = $"**Type:** {v.Framework} model.\n\nLicence: proprietary\n\nOwners: {family} modelling team (models-{family}@bank.example).";
        text[CardSections.OutOfScopeUses] = "- Any decision about a person without human review.\n- Use outside the bank's own customers.";
        text[CardSections.EvaluationResults] = "All thresholds are set in the model risk policy; failed evaluations block promotion.";
        text[CardSections.QuantitativeAnalysis] = "Demographic parity difference and disparate impact ratio by age band and gender, thresholds DPD <= 0.10 and DIR >= 0.80.";
        text[CardSections.RobustnessRedTeam] = "Perturbation tests on numeric features; adversarial probes where the model faces users.";
        text[CardSections.Limitations] = "Performance degrades on populations absent from training data (new products, new markets).";
        text[CardSections.EthicalLegal] = "Personal data processed under the bank's lawful basis; no special-category data is used as a feature.";
        text[CardSections.RiskTier] = family switch
        {
            "credit" => "High: creditworthiness assessment of natural persons (EU AI Act Annex III 5(b)).",
            "fraud" => "High under the bank's policy: holds payments of natural persons.",
            "support" => "Limited: a chatbot; customers are told they talk to an AI (transparency obligation).",
            _ => "Minimal: marketing ranking with no effect on access to services.",
        };
        text[CardSections.HumanOversight] = "Analysts review every adverse outcome and can override the score; the owner can switch the model off.";
        text[CardSections.MonitoringPlan] = "Weekly drift (PSI > 0.2 alerts), monthly performance against labels, quarterly fairness review.";
        text[CardSections.ChangeLog] = v.BaseVersion is null ? "First version." : $"Retrained from v{v.BaseVersion} on newer data.";
        return text;
    }
}
