using Bunit;
using GovernancePortal.ComponentTests.Infrastructure;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Web.Features.Cards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GovernancePortal.ComponentTests.Cards;

/// <summary>
/// The autosave debounce on a clock the test moves, so "fast keystrokes" means faster than the debounce whatever the
/// machine's load (on the wall clock a busy machine spread three inputs over more than a second and saved twice).
/// </summary>
public class CardEditorAutosaveTests : DatabaseComponentTestBase
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private Guid versionId;

    public CardEditorAutosaveTests() => Ctx.Services.AddSingleton<TimeProvider>(clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        versionId = (await Ctx.Services.GetRequiredService<ModelRegistryService>().RegisterVersionAsync(Caller.System("test"),
            new("churn-model", "1.0.0", "scikit-learn 1.5", "s3://m/churn", new string('a', 64)))).Value;
    }

    [Fact]
    public void Typing_KeystrokesWithinTheDebounce_AreOneRevision_SavedOnlyOnceTheQuietTimePasses()
    {
        var cut = Ctx.Render<CardEditorPage>(p => p.Add(x => x.Id, versionId).Add(x => x.AutosaveMilliseconds, 1000));
        cut.WaitForElement("#section-text").Input("a");
        clock.Advance(TimeSpan.FromMilliseconds(900));
        cut.Find("#section-text").Input("ab");
        clock.Advance(TimeSpan.FromMilliseconds(900));
        cut.Find("#section-text").Input("abc");
        Assert.Contains("Unsaved changes", cut.Find("#save-state").TextContent);
        using (var db = NewDb()) Assert.Equal(1, db.Set<AiCardRevision>().Count());

        clock.Advance(TimeSpan.FromMilliseconds(1000));
        cut.WaitForAssertion(() => Assert.Contains("Saved revision 2", cut.Find("#save-state").TextContent), Patience);
        using var after = NewDb();
        Assert.Equal(2, after.Set<AiCardRevision>().Count());
    }
}
