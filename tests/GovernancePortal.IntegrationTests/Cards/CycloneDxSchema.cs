using System.Text.Json;
using GovernancePortal.IntegrationTests.Infrastructure;
using Json.Schema;

namespace GovernancePortal.IntegrationTests.Cards;

/// <summary>The CycloneDX 1.6 schema read in place from ../shared/reference/cyclonedx, with formats asserted.</summary>
public static class CycloneDxSchema
{
    private static readonly Lazy<JsonSchema> Bom = new(() =>
    {
        var dir = Reference.Require("cyclonedx");
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        // bom-1.6 refers to these two by relative URI; registered by their $id they resolve without network.
        JsonSchema.FromFile(Path.Combine(dir, "spdx.schema.json"), options);
        JsonSchema.FromFile(Path.Combine(dir, "jsf-0.82.schema.json"), options);
        return JsonSchema.FromFile(Path.Combine(dir, "bom-1.6.schema.json"), options);
    });

    public static string Dir => Reference.Require("cyclonedx");

    public static EvaluationResults Validate(string json)
    {
        Reference.Require("cyclonedx");
        using var doc = JsonDocument.Parse(json);
        return Bom.Value.Evaluate(doc.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    public static string Errors(EvaluationResults r) => string.Join("\n", (r.Details ?? []).Where(d => d.Errors is { Count: > 0 })
        .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}"));
}
