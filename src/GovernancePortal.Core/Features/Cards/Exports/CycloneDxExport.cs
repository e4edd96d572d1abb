using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovernancePortal.Core.Features.Cards.Exports;

/// <summary>
/// The card as a CycloneDX 1.6 ML-BOM: the version as a <c>machine-learning-model</c> component with its digest
/// and <c>modelCard</c>, each training dataset as a <c>data</c> component it depends on. Free-text sections that
/// CycloneDX has no field for travel as <c>governance-portal:section:*</c> properties, so nothing is lost.
/// </summary>
public static class CycloneDxExport
{
    public static string Write(CardDocument doc)
    {
        var m = doc.Model;
        var modelRef = $"model-version:{m.Id}";
        var datasets = doc.Facts.TrainingData;
        var text = (string key) => doc.Sections.GetValueOrDefault(key) is { Length: > 0 } t ? t : null;

        var considerations = new JsonObject();
        if (text(CardSections.IntendedUse) is { } use) considerations["useCases"] = Strings(use);
        if (text(CardSections.Limitations) is { } limits) considerations["technicalLimitations"] = Strings(limits);
        if (text(CardSections.EthicalLegal) is { } ethics)
            considerations["ethicalConsiderations"] = new JsonArray(new JsonObject { ["name"] = ethics, ["mitigationStrategy"] = text(CardSections.HumanOversight) ?? "" });
        if (text(CardSections.QuantitativeAnalysis) is { } fairness)
            considerations["fairnessAssessments"] = new JsonArray(new JsonObject { ["groupAtRisk"] = fairness });

        var properties = new JsonArray(
            Property("governance-portal:card:revision", doc.Revision.ToString(CultureInfo.InvariantCulture)),
            Property("governance-portal:card:status", doc.Status),
            Property("governance-portal:card:sha256", doc.Sha256),
            Property("governance-portal:risk-tier", doc.Completeness.Tier.ToString()));
        foreach (var key in CardSections.All)
            if (text(key) is { } t) properties.Add(Property($"governance-portal:section:{key}", t));

        var card = new JsonObject
        {
            ["bom-ref"] = $"model-card:{doc.CardId}:{doc.Revision}",
            ["modelParameters"] = new JsonObject
            {
                ["architectureFamily"] = m.Framework,
                ["datasets"] = new JsonArray(datasets.Select(d => (JsonNode?)new JsonObject { ["ref"] = $"dataset:{d.Id}" }).ToArray()),
            },
            ["quantitativeAnalysis"] = new JsonObject
            {
                ["performanceMetrics"] = new JsonArray(doc.Facts.Evaluations.SelectMany(e => e.Metrics.OrderBy(x => x.Key, StringComparer.Ordinal)
                    .Select(x => (JsonNode?)new JsonObject
                    {
                        ["type"] = x.Key,
                        ["value"] = x.Value.ToString("R", CultureInfo.InvariantCulture),
                        ["slice"] = $"{e.Kind} evaluation{(e.Dataset is null ? "" : " on " + e.Dataset)} ({(e.Passed ? "passed" : "failed")})",
                    })).ToArray()),
            },
            ["considerations"] = considerations,
            ["properties"] = properties,
        };

        var model = new JsonObject
        {
            ["bom-ref"] = modelRef,
            ["type"] = "machine-learning-model",
            ["name"] = m.Name,
            ["version"] = m.Version,
            ["description"] = m.Description.Length > 0 ? m.Description : $"{m.Name} v{m.Version}",
            ["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = m.Sha256 }),
            ["externalReferences"] = new JsonArray(new JsonObject { ["type"] = "distribution", ["url"] = m.ArtifactUri }),
            ["modelCard"] = card,
        };

        var components = new JsonArray(model);
        foreach (var d in datasets) components.Add(DataComponent(d));

        var bom = new JsonObject
        {
            ["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json",
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            // Same revision, same serial number: the BOM is a view of a frozen revision, not a new document.
            ["serialNumber"] = $"urn:uuid:{new Guid(Convert.FromHexString(doc.Sha256)[..16]):D}",
            ["version"] = doc.Revision,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = doc.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["tools"] = new JsonObject { ["components"] = new JsonArray(new JsonObject { ["type"] = "application", ["name"] = "GovernancePortal" }) },
                ["component"] = new JsonObject { ["bom-ref"] = "card-subject", ["type"] = "machine-learning-model", ["name"] = m.Name, ["version"] = m.Version },
            },
            ["components"] = components,
            ["dependencies"] = new JsonArray(new JsonObject
            {
                ["ref"] = modelRef,
                ["dependsOn"] = new JsonArray(datasets.Select(d => (JsonNode?)$"dataset:{d.Id}").ToArray()),
            }),
        };
        return bom.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject DataComponent(DatasetFacts d)
    {
        var data = new JsonObject
        {
            ["type"] = "dataset",
            ["name"] = $"{d.Name} @ {d.Version}",
            ["contents"] = new JsonObject { ["url"] = d.Uri },
            ["classification"] = d.PersonalData ? "personal data" : "no personal data",
        };
        if (d.PersonalData) data["sensitiveData"] = new JsonArray("personal data");
        var component = new JsonObject
        {
            ["bom-ref"] = $"dataset:{d.Id}",
            ["type"] = "data",
            ["name"] = d.Name,
            ["version"] = d.Version,
            ["data"] = new JsonArray(data),
        };
        if (d.Sha256 is { Length: 64 } sha) component["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = sha });
        if (d.Licence.Length > 0) component["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["name"] = d.Licence } });
        return component;
    }

    private static JsonObject Property(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonArray Strings(string text) => new(text);
}
