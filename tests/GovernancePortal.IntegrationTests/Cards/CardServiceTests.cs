using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Evaluations;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Cards;

public class CardServiceTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private CardService Cards => factory.Get<CardService>();
    private CardReader Reader => factory.Get<CardReader>();

    private async Task<Guid> VersionAsync(string model, string version) =>
        (await factory.Get<ModelRegistryService>().FindVersionAsync(model, version))!.Id;

    private async Task<Guid> NewVersionAsync(string model, string version) =>
        (await factory.Get<ModelRegistryService>().RegisterVersionAsync(PortalFactory.Scientist,
            new(model, version, "xgboost 2.1", $"s3://t/{model}/{version}", Sha.Of(model + version)))).Value;

    private async Task<CardView> ViewAsync(Guid id, bool published = false) =>
        (await Reader.GetAsync(PortalFactory.Compliance, id, preferPublished: published)).Value!;

    [Fact]
    public async Task Demo_EveryVersionHasACard_OneIncompleteAndOneStale()
    {
        await using var db = factory.NewDb();
        var versions = await db.ModelVersions.Select(v => v.Id).ToListAsync();
        Assert.Equal(versions.Count, await db.Set<AiCard>().CountAsync(c => versions.Contains(c.ModelVersionId)));

        var lgbm = await ViewAsync(await VersionAsync("credit-risk-lgbm", "0.9.0"));
        Assert.False(lgbm.Completeness.IsComplete);
        Assert.Null(lgbm.Card!.PublishedRevision);

        var guard = await ViewAsync(await VersionAsync("support-toxicity-guard", "1.4.0"), published: true);
        Assert.True(guard.IsStale);
        Assert.Contains(guard.Stale, c => c.Label == "Adversarial evaluation" && c.Before is null);
    }

    [Fact]
    public async Task Facts_ComeFromLineageEvaluationsStagesAndEndpoints()
    {
        var facts = (await ViewAsync(await VersionAsync("credit-risk-xgb", "1.1.0"))).LiveFacts;
        Assert.Equal("train-credit-risk-xgb", facts.Run!.JobName);
        Assert.Equal(["credit/applications", "credit/bureau-features"], facts.TrainingData.Select(d => d.Name));
        Assert.Equal(4, facts.Evaluations.Count);
        Assert.Contains(facts.Deployments, d => d.Name == "credit-scoring-api" && d.Environment == DeploymentEnvironment.Production);
        Assert.Equal(RiskTier.High, facts.EffectiveTier);
    }

    [Fact]
    public async Task Start_NewVersion_CopiesTheFreeTextOfThePreviousVersionsCard()
    {
        var previous = await ViewAsync(await VersionAsync("credit-risk-xgb", "1.2.0"));
        var id = await NewVersionAsync("credit-risk-xgb", "1.3.0-test");
        Assert.True((await Cards.StartAsync(PortalFactory.Scientist, id)).Succeeded);
        var view = await ViewAsync(id);
        Assert.Equal(1, view.Revision!.Number);
        Assert.Equal(previous.Sections.OrderBy(s => s.Key), view.Sections.OrderBy(s => s.Key));
        Assert.Contains("v1.2.0", view.Revision.Note);
    }

    [Fact]
    public async Task Publish_ThenRegisterChangesAndEdits_StaleAndApprovalHashNoLongerCovers()
    {
        var id = await NewVersionAsync("card-flow-model", "1.0.0");
        await Cards.StartAsync(PortalFactory.Scientist, id);
        var saved = (await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.IntendedUse] = "Testing." }, 1)).Value!;
        Assert.Equal(2, saved.Revision);
        var published = (await Cards.SubmitForReviewAsync(PortalFactory.Scientist, id)).Value!;
        Assert.Equal(published, await Reader.LatestPublishedAsync(id) is { } p ? p with { CompletedSections = published.CompletedSections } : null);
        Assert.Contains(CardSections.IntendedUse, published.CompletedSections);
        Assert.False((await ViewAsync(id, published: true)).IsStale);

        // The register moves on: a new evaluation makes the published card stale, and says which fact changed.
        await factory.Get<EvaluationService>().RegisterAsync(PortalFactory.Scientist, new(id, EvaluationKind.Performance,
            DeploymentEnvironment.Staging, null, new Dictionary<string, double> { ["auc"] = 0.9 }, true, null, DateTime.UtcNow));
        var stale = await ViewAsync(id, published: true);
        Assert.Equal("Performance evaluation", Assert.Single(stale.Stale).Label);
        Assert.Contains(CardSections.EvaluationResults, stale.Completeness.Required.Intersect(stale.LiveFacts.Lines().Select(l => l.Section)));

        // Editing after publication makes a draft; the approval's hash still names the published revision only.
        var draft = (await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.Limitations] = "Few." }, 2)).Value!;
        Assert.Equal(3, draft.Revision);
        Assert.Equal(published.Sha256, (await Reader.LatestPublishedAsync(id))!.Sha256);
        Assert.NotEqual(published.Sha256, draft.Sha256);
        var republished = (await Cards.SubmitForReviewAsync(PortalFactory.Scientist, id)).Value!;
        Assert.Equal(3, republished.Revision);
        Assert.NotEqual(published.Sha256, republished.Sha256);
        Assert.False((await ViewAsync(id, published: true)).IsStale);
    }

    [Fact]
    public async Task Save_UnchangedText_NoNewRevision()
    {
        var id = await NewVersionAsync("card-noop-model", "1.0.0");
        await Cards.StartAsync(PortalFactory.Scientist, id);
        var first = (await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.IntendedUse] = "Same." }, 1)).Value!;
        var again = (await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.IntendedUse] = "Same.\r\n" }, 2)).Value!;
        Assert.True(again.Unchanged);
        Assert.Equal(first.Revision, again.Revision);
    }

    [Fact]
    public async Task Save_SectionChangedByAnotherAuthorSinceLoad_Conflict()
    {
        var id = await NewVersionAsync("card-conflict-model", "1.0.0");
        await Cards.StartAsync(PortalFactory.Scientist, id);
        var other = new Caller(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("scientist2@demo.local"), "scientist2@demo.local"), new HashSet<string> { GovernancePortal.Core.Identity.Roles.DataScientist });
        await Cards.SaveAsync(other, id, new Dictionary<string, string> { [CardSections.Limitations] = "Theirs." }, 1);
        var mine = await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.Limitations] = "Mine." }, 1);
        Assert.IsType<Error.Conflict>(mine.Error);
        // Another section is not a conflict: changes merge per section.
        Assert.True((await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.IntendedUse] = "Mine." }, 1)).Succeeded);
    }

    [Fact]
    public async Task Save_SamePersonInTwoTabs_StaleBaseIsAConflictToo()
    {
        var id = await NewVersionAsync("card-two-tabs-model", "1.0.0");
        await Cards.StartAsync(PortalFactory.Scientist, id);
        Assert.True((await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.Limitations] = "Tab one." }, 1)).Succeeded);
        var tabTwo = await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.Limitations] = "Tab two." }, 1);
        Assert.IsType<Error.Conflict>(tabTwo.Error);
        Assert.Equal("Tab one.", (await ViewAsync(id)).Sections[CardSections.Limitations]);
    }

    [Fact]
    public async Task Save_PerSectionBases_OnlyTheStaleSectionConflicts()
    {
        var id = await NewVersionAsync("card-bases-model", "1.0.0");
        await Cards.StartAsync(PortalFactory.Scientist, id);
        var other = new Caller(Actor.User(GovernancePortal.Core.Seeding.DemoUsers.IdOf("scientist2@demo.local"), "scientist2@demo.local"), new HashSet<string> { GovernancePortal.Core.Identity.Roles.DataScientist });
        await Cards.SaveAsync(other, id, new Dictionary<string, string> { [CardSections.Limitations] = "Theirs." }, 1);
        // Intended use was reloaded at revision 2; limitations kept unsaved edits based on revision 1.
        var stale = await Cards.SaveAsync(PortalFactory.Scientist, id,
            new Dictionary<string, string> { [CardSections.IntendedUse] = "Mine.", [CardSections.Limitations] = "Mine." },
            new Dictionary<string, int> { [CardSections.IntendedUse] = 2, [CardSections.Limitations] = 1 });
        Assert.IsType<Error.Conflict>(stale.Error);
        Assert.True((await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.IntendedUse] = "Mine." },
            new Dictionary<string, int> { [CardSections.IntendedUse] = 2 })).Succeeded);
    }

    [Fact]
    public async Task Edit_ByComplianceOrService_ForbiddenAndNothingSaved()
    {
        var id = await VersionAsync("marketing-propensity", "2.1.0");
        var before = (await ViewAsync(id)).Revision!.Number;
        Assert.IsType<Error.Forbidden>((await Cards.SaveAsync(PortalFactory.Compliance, id, new Dictionary<string, string> { [CardSections.IntendedUse] = "x" }, before)).Error);
        Assert.IsType<Error.Forbidden>((await Cards.SubmitForReviewAsync(Caller.Service("ci", ["read", "models:write"]), id)).Error);
        Assert.Equal(before, (await ViewAsync(id)).Revision!.Number);
    }

    [Fact]
    public async Task Save_IsAuditedPerRevision()
    {
        var id = await NewVersionAsync("card-audit-model", "1.0.0");
        await Cards.StartAsync(PortalFactory.Scientist, id);
        await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.IntendedUse] = "Audited." }, 1);
        await using var db = factory.NewDb();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Sequence).FirstAsync(a => a.Action == "AiCardRevision.Created");
        Assert.Equal("scientist@demo.local", entry.Actor);
        Assert.Contains("Audited.", entry.After);
    }

    [Fact]
    public async Task ImportHuggingFace_FillsSectionsAsANewRevision()
    {
        var id = await NewVersionAsync("card-import-model", "1.0.0");
        var result = await Cards.ImportHuggingFaceAsync(PortalFactory.Scientist, id, "# X\n\n## Uses\n\nBeans.\n\n## Out-of-Scope Use\n\nHumans.\n");
        Assert.True(result.Succeeded, result.Error?.Message);
        var view = await ViewAsync(id);
        Assert.Equal("Beans.", view.Sections[CardSections.IntendedUse]);
        Assert.Equal("Humans.", view.Sections[CardSections.OutOfScopeUses]);
        Assert.Equal("imported from a Hugging Face README", view.Revision!.Note);
    }

    [Fact]
    public async Task ImportHuggingFace_ReadmeOverTheCap_ValidationErrorAndNothingStarted()
    {
        var id = await NewVersionAsync("card-import-huge-model", "1.0.0");
        var result = await Cards.ImportHuggingFaceAsync(PortalFactory.Scientist, id, "## Uses\n\n" + new string('x', GovernancePortal.Core.Features.Cards.Exports.HuggingFaceImport.MaxReadmeLength));
        var error = Assert.IsType<Error.Validation>(result.Error);
        Assert.Contains("too long", error.Fields["readme"]);
        await using var db = factory.NewDb();
        Assert.False(await db.Set<AiCard>().AnyAsync(c => c.ModelVersionId == id));
    }

    [Fact]
    public async Task Submit_StalePublishedCard_AppendsAFreshRevisionAndNeverRewritesThePublishedOne()
    {
        var id = await NewVersionAsync("card-refresh-model", "1.0.0");
        await Cards.StartAsync(PortalFactory.Scientist, id);
        await Cards.SaveAsync(PortalFactory.Scientist, id, new Dictionary<string, string> { [CardSections.IntendedUse] = "Testing." }, 1);
        var first = (await Cards.SubmitForReviewAsync(PortalFactory.Scientist, id)).Value!;
        AiCardRevision Frozen(GovernancePortal.Core.Data.GovernanceDbContext db) => db.Set<AiCardRevision>().AsNoTracking().Single(r => r.CardId == first.CardId && r.Number == first.Revision);
        await using var db = factory.NewDb();
        var before = Frozen(db);

        await factory.Get<EvaluationService>().RegisterAsync(PortalFactory.Scientist, new(id, EvaluationKind.Performance,
            DeploymentEnvironment.Staging, null, new Dictionary<string, double> { ["auc"] = 0.9 }, true, null, DateTime.UtcNow));
        Assert.True((await ViewAsync(id, published: true)).IsStale);

        // Two people press "Submit" at once: one new revision is appended and published, the other sees it.
        var results = await Task.WhenAll(Cards.SubmitForReviewAsync(PortalFactory.Scientist, id), Cards.SubmitForReviewAsync(PortalFactory.Scientist, id));
        Assert.All(results, r => Assert.True(r.Succeeded || r.Error is Error.Conflict, r.Error?.Message));
        var refreshed = results.First(r => r.Succeeded).Value!;
        Assert.Equal(first.Revision + 1, refreshed.Revision);
        Assert.NotEqual(first.Sha256, refreshed.Sha256);
        Assert.Equal(refreshed, (await Reader.LatestPublishedAsync(id)) is { } p ? p with { CompletedSections = refreshed.CompletedSections } : null);
        var view = await ViewAsync(id, published: true);
        Assert.False(view.IsStale);
        Assert.Equal("Testing.", view.Sections[CardSections.IntendedUse]);
        Assert.Equal(refreshed.Revision, await db.Set<AiCardRevision>().Where(r => r.CardId == first.CardId).MaxAsync(r => r.Number));

        var after = Frozen(db);
        Assert.Equal((before.Sha256, before.FactsJson, before.PublishedAt, before.IsPublished), (after.Sha256, after.FactsJson, after.PublishedAt, after.IsPublished));

        // Nothing moved since: submitting again appends nothing.
        Assert.Equal(refreshed.Revision, (await Cards.SubmitForReviewAsync(PortalFactory.Scientist, id)).Value!.Revision);
    }

    [Fact]
    public async Task Start_TwoPeopleOpenTheEditorAtOnce_BothGetTheOneCard()
    {
        var id = await NewVersionAsync("card-start-race-model", "1.0.0");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Cards.StartAsync(PortalFactory.Scientist, id)));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        await using var db = factory.NewDb();
        var card = await db.Set<AiCard>().SingleAsync(c => c.ModelVersionId == id);
        Assert.All(results, r => Assert.Equal(card.Id, r.Value));
    }
}
