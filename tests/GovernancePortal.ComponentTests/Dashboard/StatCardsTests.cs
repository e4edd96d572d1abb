using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Web.Features.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace GovernancePortal.ComponentTests.Dashboard;

/// <summary>A stat card as markup: its text and link survive encoding, and equal cards are one string for all circuits.</summary>
public class StatCardsTests : ComponentTestBase
{
    private IRenderedComponent<IComponent> Show(MarkupString card) => Ctx.Render(b => b.AddContent(0, card));

    [Fact]
    public void Card_ShowsLabelNumberAndNote_LinkingToItsList_WithTextEncoded()
    {
        var cut = Show(StatCards.Card("R&D <models>", 12345, Icons.Material.Filled.Layers, "/promotions?mine=true&status=Pending",
            "\"3\" failed", id: "tile-x"));

        Assert.Equal("R&D <models>", cut.Find("#tile-x p").TextContent);
        Assert.Equal(12345.ToString("N0"), cut.Find("#tile-x .stat-value").TextContent);
        Assert.Equal("/promotions?mine=true&status=Pending", cut.Find("#tile-x a").GetAttribute("href"));
        Assert.Equal("\"3\" failed", cut.Find("#tile-x .stat-note").TextContent);
        Assert.Contains("mud-error-text", cut.Find("#tile-x .stat-note").ClassName);
        Assert.Equal("true", cut.Find("#tile-x svg").GetAttribute("aria-hidden"));
        Assert.NotNull(cut.Find("#tile-x svg path"));
    }

    [Fact]
    public void Card_WithoutNote_HasNoNoteLine_AndAQuietNoteIsNotAWarning()
    {
        var plain = Show(StatCards.Card("Models", 4, Icons.Material.Filled.ModelTraining, "/inventory"));
        Assert.Empty(plain.FindAll(".stat-note"));
        Assert.Null(plain.Find(".stat-card").GetAttribute("id"));

        var quiet = Show(StatCards.Card("Your pending requests", 1, Icons.Material.Filled.HourglassTop, "/promotions", "awaiting signatures", warn: false));
        Assert.DoesNotContain("mud-error-text", quiet.Find(".stat-note").ClassName);
    }

    [Fact]
    public void EqualCards_AreOneSharedString_DifferentCountsAreNot()
    {
        // Built separately, as two circuits would: an open circuit keeps the strings its render tree points at (ADR 0058).
        var first = StatCards.Card("Datasets", 7, Icons.Material.Filled.Storage, "/datasets").Value;
        var second = StatCards.Card("Datasets", 7, Icons.Material.Filled.Storage, "/datasets").Value;
        var other = StatCards.Card("Datasets", 8, Icons.Material.Filled.Storage, "/datasets").Value;

        Assert.Same(first, second);
        Assert.NotEqual(first, other);
    }
}
