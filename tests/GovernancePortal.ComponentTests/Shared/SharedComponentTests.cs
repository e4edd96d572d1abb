using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Web.Components.Shared;

namespace GovernancePortal.ComponentTests.Shared;

public class SharedComponentTests : ComponentTestBase
{
    private const string Hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void StageChip_Production_IsMarkedForBoldAndNamesTheUse()
    {
        var cut = Ctx.Render<StageChip>(p => p.Add(c => c.Stage, Stage.Production).Add(c => c.Use, "Retail credit scoring"));
        var chip = cut.Find(".mud-chip");
        Assert.Contains("stage-Production", chip.ClassName);
        Assert.Contains("mud-chip-color-success", chip.ClassName);
        Assert.Contains("Production · Retail credit scoring", chip.TextContent);
    }

    [Fact]
    public void StageChip_Development_NotBold()
    {
        var cut = Ctx.Render<StageChip>(p => p.Add(c => c.Stage, Stage.Development));
        Assert.DoesNotContain("stage-Production", cut.Find(".mud-chip").ClassName);
    }

    [Fact]
    public void DigestText_Short_ShowsTwelveCharactersWithFullValueInTitle()
    {
        var cut = Ctx.Render<DigestText>(p => p.Add(c => c.Value, Hex));
        var span = cut.Find("span");
        Assert.Equal(Hex[..12] + "…", span.TextContent);
        Assert.Equal(Hex, span.GetAttribute("title"));
    }

    [Fact]
    public void DigestText_Full_ShowsAllSixtyFour()
    {
        var cut = Ctx.Render<DigestText>(p => p.Add(c => c.Value, Hex).Add(c => c.Full, true));
        Assert.Equal(Hex, cut.Find("span").TextContent);
    }

    [Fact]
    public void ErrorAlert_Validation_ListsEachField()
    {
        var error = new Error.Validation(new Dictionary<string, string> { ["Sha256"] = "must be 64 hex.", ["Version"] = "is required." });
        var cut = Ctx.Render<ErrorAlert>(p => p.Add(c => c.Error, error));
        var items = cut.FindAll("li");
        Assert.Equal(2, items.Count);
        Assert.Contains("Sha256", items[0].TextContent);
    }

    [Fact]
    public void ErrorAlert_NoError_RendersNothing() =>
        Assert.Empty(Ctx.Render<ErrorAlert>(p => p.Add(c => c.Error, null)).Markup.Trim());
}
