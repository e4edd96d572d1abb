using System.Text.Json;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Cards.Exports;
using YamlDotNet.RepresentationModel;

namespace GovernancePortal.UnitTests.Cards;

public class CardExportTests
{
    private static YamlMappingNode FrontMatter(string readme)
    {
        Assert.StartsWith("---\n", readme);
        var end = readme.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(readme[4..end]));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    [Fact]
    public void HuggingFace_FrontMatter_ParsesWithModelIndexResults()
    {
        var meta = FrontMatter(HuggingFaceExport.Write(CardSamples.Document()));
        Assert.Equal("apache-2.0", meta["license"].ToString());
        Assert.Equal("xgboost", meta["library_name"].ToString());
        var index = (YamlSequenceNode)meta["model-index"];
        var model = (YamlMappingNode)index[0];
        Assert.Equal("credit-risk", model["name"].ToString());
        var result = (YamlMappingNode)((YamlSequenceNode)model["results"])[0];
        Assert.Equal("performance", ((YamlMappingNode)result["task"])["type"].ToString());
        Assert.Equal("credit/holdout", ((YamlMappingNode)result["dataset"])["type"].ToString());
        var metrics = ((YamlSequenceNode)result["metrics"]).Cast<YamlMappingNode>().ToList();
        Assert.Equal(["auc", "ks"], metrics.Select(m => m["type"].ToString()));
        Assert.Equal("0.861", metrics[0]["value"].ToString());
        Assert.Equal(CardSamples.Document().Sha256, ((YamlMappingNode)meta["governance_portal"])["card_sha256"].ToString());
    }

    [Theory]
    [InlineData("2025.10", "true")]
    [InlineData("2025.06", "null")]
    [InlineData("1.0", "on")]
    public void HuggingFace_FrontMatter_StringsThatLookLikeOtherTypes_StayStrings(string version, string framework)
    {
        var doc = CardSamples.Document();
        doc = doc with { Facts = doc.Facts with { Model = doc.Facts.Model with { Version = version, Framework = framework + " 1.0" } } };
        var readme = HuggingFaceExport.Write(doc);
        var meta = FrontMatter(readme);
        var model = (YamlScalarNode)((YamlMappingNode)meta["governance_portal"])["model_version"];
        Assert.Equal(version, model.Value);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, model.Style);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, ((YamlScalarNode)meta["library_name"]).Style);

        // And as a typed reader (huggingface_hub uses a YAML loader) sees it: a string, not 2025.1 or true.
        var end = readme.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        var typed = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(readme[4..end]);
        Assert.Equal(version, Assert.IsType<string>(((Dictionary<object, object>)typed["governance_portal"])["model_version"]));
        Assert.Equal(framework, Assert.IsType<string>(typed["library_name"]));
    }

    [Fact]
    public void HuggingFace_ExportThenImport_RoundTripsTheFreeText()
    {
        var sections = CardSamples.Sections();
        var imported = HuggingFaceImport.Sections(HuggingFaceExport.Write(CardSamples.Document(sections)));
        Assert.Equal(sections.OrderBy(s => s.Key), imported.OrderBy(s => s.Key));
    }

    [Fact]
    public void HuggingFaceImport_TemplateHeadings_MapToSectionKeys()
    {
        const string readme = """
            ---
            license: mit
            ---
            # Model Card for demo

            ## Model Details

            ### Model Description

            A ResNet.

            ## Uses

            ### Direct Use

            Classify beans.

            ### Out-of-Scope Use

            Medical use.

            ## Bias, Risks, and Limitations

            Small dataset.

            ### Recommendations

            Retrain yearly.

            ## Training Details

            ### Training Data

            Beans v2.

            ## How to Get Started with the Model

            pip install beans
            """;
        var s = HuggingFaceImport.Sections(readme);
        Assert.Equal("A ResNet.", s[CardSections.ModelDetails]);
        Assert.Equal("Classify beans.", s[CardSections.IntendedUse]);
        Assert.Equal("Medical use.", s[CardSections.OutOfScopeUses]);
        Assert.Equal("Small dataset.", s[CardSections.Limitations]);
        Assert.Equal("Retrain yearly.", s[CardSections.CaveatsRecommendations].Split('\n')[0]);
        Assert.Equal("Beans v2.", s[CardSections.TrainingData]);
        Assert.Contains("How to Get Started", s[CardSections.CaveatsRecommendations]);
    }

    [Fact]
    public void HuggingFaceImport_HeadingWithAHugeRunOfSpaces_IsReadInLinearTime()
    {
        // The old heading pattern backtracked catastrophically on this line; it must simply be a heading now.
        var s = HuggingFaceImport.Sections("## Limitations" + new string(' ', 50_000) + "x\n\nText.\n\n## Uses" + new string(' ', 50_000) + "\n\nBeans.");
        Assert.Equal("Beans.", s[CardSections.IntendedUse]);
        Assert.StartsWith("## Limitations", s[CardSections.CaveatsRecommendations]);
        Assert.EndsWith("Text.", s[CardSections.CaveatsRecommendations]);
    }

    [Theory]
    [InlineData("Uses ##", "Uses")]
    [InlineData("Uses   #  ", "Uses")]
    [InlineData("C#", "C#")]
    [InlineData("Out-of-Scope Use", "Out-of-Scope Use")]
    [InlineData("###", "")]
    public void HuggingFaceImport_HeadingTitle_DropsOnlyTheClosingSequence(string rest, string title) =>
        Assert.Equal(title, HuggingFaceImport.HeadingTitle(rest));

    [Fact]
    public void CycloneDx_HasModelComponentWithCardAndDataComponents()
    {
        using var bom = JsonDocument.Parse(CycloneDxExport.Write(CardSamples.Document()));
        var root = bom.RootElement;
        Assert.Equal("1.6", root.GetProperty("specVersion").GetString());
        var components = root.GetProperty("components").EnumerateArray().ToList();
        var model = components.Single(c => c.GetProperty("type").GetString() == "machine-learning-model");
        Assert.Equal(CardSamples.Sha, model.GetProperty("hashes")[0].GetProperty("content").GetString());
        var card = model.GetProperty("modelCard");
        Assert.Equal($"dataset:{CardSamples.DatasetId}", card.GetProperty("modelParameters").GetProperty("datasets")[0].GetProperty("ref").GetString());
        Assert.Equal("auc", card.GetProperty("quantitativeAnalysis").GetProperty("performanceMetrics")[0].GetProperty("type").GetString());
        var data = components.Single(c => c.GetProperty("type").GetString() == "data");
        Assert.Equal($"dataset:{CardSamples.DatasetId}", data.GetProperty("bom-ref").GetString());
    }

    [Fact]
    public void Json_ContentHashesToTheRevisionSha()
    {
        var doc = CardSamples.Document();
        using var json = JsonDocument.Parse(CardJsonExport.Write(doc));
        var content = System.Text.Json.Nodes.JsonNode.Parse(json.RootElement.GetProperty("content").GetRawText());
        Assert.Equal(doc.Sha256, CardCanonical.Sha256(CardCanonical.Canonicalize(content)));
        Assert.Equal("published", json.RootElement.GetProperty("status").GetString());
    }
}
