using System.Security.Cryptography;
using System.Text;
using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Seeding;

/// <summary>The demo register's content: three regulated uses and the models, data and evidence behind them.</summary>
internal static class DemoCatalog
{
    public static string Sha(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public sealed record SystemSpec(string Key, string Name, string Owner, string Unit, RiskTier Tier, string Purpose);
    public sealed record DatasetSpec(string Ns, string Name, string Version, long Rows, bool Pii, string Licence, string Schema, string Provenance);
    public sealed record VersionSpec(string Model, string Version, string Framework, string[] Tags, string[] Inputs, string? BaseVersion, int AgeDays);

    public static readonly SystemSpec[] Systems =
    [
        new("retail-credit-scoring", "Retail credit scoring", "risk@demo.local", "Retail Banking", RiskTier.High,
            "Estimate probability of default for consumer loan applications up to EUR 50,000; a human underwriter makes the final decision."),
        new("customer-support-assistant", "LLM customer support assistant", "platform@demo.local", "Customer Operations", RiskTier.Limited,
            "Draft answers to customer chat questions about accounts and cards; customers are told they talk to an AI."),
        new("card-fraud-detection", "Card fraud detection", "security@demo.local", "Payments", RiskTier.High,
            "Score card transactions in real time and hold suspicious ones for analyst review."),
        new("marketing-propensity", "Marketing propensity", "scientist@demo.local", "Marketing", RiskTier.Minimal,
            "Rank existing customers by likelihood to respond to savings product campaigns."),
    ];

    public static readonly DatasetSpec[] Datasets =
    [
        new("s3://bank-data", "credit/applications", "2024-Q4", 1_284_331, true, "Internal", "applicant_id, income, age, employment, loan_amount, defaulted", "Core banking loan origination extract"),
        new("s3://bank-data", "credit/applications", "2025-Q2", 1_402_118, true, "Internal", "applicant_id, income, age, employment, loan_amount, defaulted", "Core banking loan origination extract"),
        new("s3://bank-data", "credit/bureau-features", "2025-05", 2_010_554, true, "Bureau licence (restricted)", "applicant_id, bureau_score, open_lines, delinquencies", "Credit bureau monthly feed"),
        new("s3://bank-data", "credit/holdout", "2025-Q2", 120_000, true, "Internal", "same as applications", "Stratified holdout, frozen"),
        new("postgres://support", "support/transcripts", "2025-01", 412_902, true, "Internal", "conversation_id, turns[], resolution", "Chat platform export, PII redacted"),
        new("hf://datasets", "openassistant/oasst1", "r1", 161_443, false, "Apache-2.0", "message_tree_id, text, role", "Public instruction-tuning corpus"),
        new("s3://redteam", "support/jailbreak-prompts", "v3", 2_400, false, "Internal", "prompt, category, expected_refusal", "Red team curated prompts + garak probes"),
        new("kafka://payments", "payments/card-transactions", "2025-06", 48_211_093, true, "Internal", "txn_id, card_hash, amount, mcc, country, is_fraud", "Streaming capture, tokenised PAN"),
        new("kafka://payments", "payments/card-transactions", "2025-09", 51_870_422, true, "Internal", "txn_id, card_hash, amount, mcc, country, is_fraud", "Streaming capture, tokenised PAN"),
        new("s3://bank-data", "marketing/campaign-responses", "2025-03", 880_120, true, "Internal", "customer_id, segment, responded", "CRM campaign history"),
    ];

    public static readonly VersionSpec[] Versions =
    [
        new("credit-risk-xgb", "1.0.0", "xgboost 2.0", ["credit", "tabular"], ["credit/applications@2024-Q4", "credit/bureau-features@2025-05"], null, 240),
        new("credit-risk-xgb", "1.1.0", "xgboost 2.1", ["credit", "tabular"], ["credit/applications@2025-Q2", "credit/bureau-features@2025-05"], "1.0.0", 150),
        new("credit-risk-xgb", "1.2.0", "xgboost 2.1", ["credit", "tabular", "candidate"], ["credit/applications@2025-Q2", "credit/bureau-features@2025-05"], "1.1.0", 20),
        new("credit-risk-lgbm", "0.9.0", "lightgbm 4.3", ["credit", "challenger"], ["credit/applications@2025-Q2"], null, 35),
        new("support-llm-ft", "2025.02", "transformers 4.48", ["llm", "support"], ["support/transcripts@2025-01", "openassistant/oasst1@r1"], null, 200),
        new("support-llm-ft", "2025.06", "transformers 4.52", ["llm", "support"], ["support/transcripts@2025-01", "openassistant/oasst1@r1"], "2025.02", 60),
        new("support-intent-classifier", "3.0.1", "scikit-learn 1.5", ["nlp", "support"], ["support/transcripts@2025-01"], null, 120),
        new("support-toxicity-guard", "1.4.0", "onnx 1.16", ["nlp", "safety"], ["openassistant/oasst1@r1"], null, 90),
        new("fraud-gbt", "4.2.0", "xgboost 2.1", ["fraud", "realtime"], ["payments/card-transactions@2025-06"], null, 130),
        new("fraud-gbt", "4.3.0", "xgboost 2.1", ["fraud", "realtime"], ["payments/card-transactions@2025-09"], "4.2.0", 15),
        new("fraud-autoencoder", "1.0.0", "pytorch 2.4", ["fraud", "anomaly"], ["payments/card-transactions@2025-06"], null, 100),
        new("marketing-propensity", "2.1.0", "catboost 1.2", ["marketing"], ["marketing/campaign-responses@2025-03"], null, 70),
        new("marketing-propensity", "2.2.0", "catboost 1.2", ["marketing", "candidate"], ["marketing/campaign-responses@2025-03"], "2.1.0", 6),
    ];
}
