using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Identity;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Web.Features.Cards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GovernancePortal.ComponentTests.Cards;

public class CardEditorPageTests : DatabaseComponentTestBase
{
    private Guid versionId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        versionId = (await Ctx.Services.GetRequiredService<ModelRegistryService>().RegisterVersionAsync(Caller.System("test"),
            new("churn-model", "1.0.0", "scikit-learn 1.5", "s3://m/churn", new string('a', 64)))).Value;
    }

    private IRenderedComponent<CardEditorPage> Render() => Ctx.Render<CardEditorPage>(p => p
        .Add(x => x.Id, versionId).Add(x => x.AutosaveMilliseconds, 30));

    [Fact]
    public async Task Typing_ShowsSanitisedPreview_ThenAutosavesANewRevisionWithItsAuthor()
    {
        var cut = Render();
        cut.WaitForElement("#section-text").Input("**Owners:** churn team <img src=x onerror=\"alert(1)\">");

        var preview = cut.Find("#section-preview");
        Assert.Contains("<strong>Owners:</strong>", preview.InnerHtml);
        Assert.DoesNotContain("onerror", preview.InnerHtml);
        cut.WaitForAssertion(() => Assert.Contains("Saved revision 2", cut.Find("#save-state").TextContent), Patience);

        await using var db = NewDb();
        var revision = await db.Set<AiCardRevision>().SingleAsync(r => r.Number == 2);
        Assert.StartsWith("**Owners:**", revision.Sections[CardSections.ModelDetails]);
        Assert.Equal("scientist@demo.local", revision.Changes[CardSections.ModelDetails].By);
        cut.WaitForAssertion(() => Assert.Contains("Last changed by scientist@demo.local", cut.Find("#section-changed").TextContent));
    }

    [Fact]
    public void NavigatingSections_UpdatesCompletenessAsTheAuthorWrites()
    {
        var cut = Render();
        cut.WaitForElement($"#nav-{CardSections.Limitations}").Click();
        Assert.Equal("Limitations and known failure modes", cut.Find("#section-title").TextContent);
        Assert.Contains("Limitations and known failure modes", cut.Find("#completeness-missing").TextContent);
        cut.Find("#section-text").Input("Weak on new customers.");
        Assert.DoesNotContain("Limitations and known failure modes", cut.Find("#completeness-missing").TextContent);
    }

    [Fact]
    public async Task Submit_SavesPendingTextAndShowsThePublishedHash()
    {
        var cut = Ctx.Render<CardEditorPage>(p => p.Add(x => x.Id, versionId).Add(x => x.AutosaveMilliseconds, 60_000));
        cut.WaitForElement("#section-text").Input("Owners: churn team.");
        cut.Find("#submit-review").Click();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("#published-revision").TextContent), Patience);
        var published = await Ctx.Services.GetRequiredService<IPublishedCards>().LatestPublishedAsync(versionId);
        Assert.Equal(published!.Sha256, cut.Find("#published-sha").TextContent);
    }

    [Fact]
    public async Task SaveConflict_ThenSubmit_DoesNotPublishAndKeepsTheOtherAuthorsText()
    {
        var cut = Render();
        cut.WaitForElement("#section-text");
        var other = new Caller(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("other@demo.local"), "other@demo.local"), new HashSet<string> { Roles.DataScientist });
        Assert.True((await Ctx.Services.GetRequiredService<CardService>().SaveAsync(other, versionId,
            new Dictionary<string, string> { [CardSections.ModelDetails] = "B's text" }, 1)).Succeeded);

        cut.Find("#section-text").Input("A's text");
        cut.WaitForAssertion(() => Assert.Contains("was changed by other@demo.local", cut.Markup), Patience);
        cut.Find("#submit-review").Click();
        await Task.Delay(1000);
        cut.WaitForAssertion(() => Assert.False(cut.Find("#submit-review").HasAttribute("disabled")), Patience);
        Assert.Empty(cut.FindAll("#published-revision"));
        Assert.Contains("was changed by other@demo.local", cut.Markup);

        // A later autosave (another section edited) still carries the stale text, so it must conflict again.
        cut.Find($"#nav-{CardSections.Limitations}").Click();
        cut.Find("#section-text").Input("Weak on new customers.");
        await Task.Delay(1000);
        cut.WaitForAssertion(() => Assert.Contains("Unsaved changes", cut.Find("#save-state").TextContent), Patience);
        Assert.Contains("was changed by other@demo.local", cut.Markup);
        await using var db = NewDb();
        var revisions = await db.Set<AiCardRevision>().OrderBy(r => r.Number).ToListAsync();
        Assert.DoesNotContain(revisions, r => r.IsPublished);
        Assert.Equal("B's text", revisions[^1].Sections[CardSections.ModelDetails]);
        Assert.All(revisions, r => Assert.NotEqual("A's text", r.Sections.GetValueOrDefault(CardSections.ModelDetails)));
    }

    [Fact]
    public void Autosave_KeepsTrailingNewlinesTheAuthorTyped()
    {
        var cut = Render();
        cut.WaitForElement("#section-text").Input("Line one.\n\n");
        cut.WaitForAssertion(() => Assert.Contains("Saved revision 2", cut.Find("#save-state").TextContent), Patience);
        Assert.Equal("Line one.\n\n", cut.Find("#section-text").GetAttribute("value"));
    }
}
