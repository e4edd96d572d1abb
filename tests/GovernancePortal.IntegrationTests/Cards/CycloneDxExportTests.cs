using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Cards.Exports;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Cards;

public class CycloneDxExportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [SkippableFact]
    public void Schema_SpecificationsOwnExamples_BehaveAsNamed()
    {
        // Proves the validator is wired (refs resolved, formats asserted) before trusting it with our output.
        var dir = Path.Combine(CycloneDxSchema.Dir, "test-resources-1.6");
        Assert.True(CycloneDxSchema.Validate(File.ReadAllText(Path.Combine(dir, "valid-machine-learning-1.6.json"))).IsValid);
        Assert.True(CycloneDxSchema.Validate(File.ReadAllText(Path.Combine(dir, "valid-component-data-1.6.json"))).IsValid);
        Assert.False(CycloneDxSchema.Validate(File.ReadAllText(Path.Combine(dir, "invalid-component-type-1.6.json"))).IsValid);
        Assert.False(CycloneDxSchema.Validate(File.ReadAllText(Path.Combine(dir, "invalid-hash-sha256-1.6.json"))).IsValid);
    }

    [SkippableTheory]
    [InlineData("credit-risk-xgb", "1.1.0")]
    [InlineData("support-llm-ft", "2025.06")]
    [InlineData("fraud-gbt", "4.3.0")]
    [InlineData("credit-risk-lgbm", "0.9.0")]
    [InlineData("legacy-scorecard", "0.9.0")]
    public async Task Export_EveryKindOfDemoCard_IsSchemaValid(string model, string version)
    {
        var id = (await factory.Get<ModelRegistryService>().FindVersionAsync(model, version))!.Id;
        var view = (await factory.Get<CardReader>().GetAsync(PortalFactory.Compliance, id, preferPublished: true)).Value!;
        var result = CycloneDxSchema.Validate(CycloneDxExport.Write(CardDocument.From(view)!));
        Assert.True(result.IsValid, CycloneDxSchema.Errors(result));
    }
}
