using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Cards;

/// <summary>The outcome of a save: the revision now current and its hash (unchanged when nothing differed).</summary>
public sealed record SaveResult(int Revision, string Sha256, bool Unchanged);

/// <summary>Writes cards: start, save sections (each save a new revision), submit for review (freeze), import.</summary>
public sealed class CardService(IDbContextFactory<GovernanceDbContext> dbFactory)
{
    public const int MaxSectionLength = 20_000;

    /// <summary>Creates the card of a version if it has none, starting from the previous version's free text.</summary>
    public async Task<Result<Guid>> StartAsync(Caller caller, Guid versionId, CancellationToken ct = default)
    {
        if (CardAccess.DenyEdit(caller, "start an AI Card") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        if (await db.Set<AiCard>().Where(c => c.ModelVersionId == versionId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) is { } existing)
            return existing;
        var facts = await CardFactsReader.ReadAsync(db, versionId, ct);
        if (facts is null) return new Error.NotFound("Model version");

        // "Previous version": the newest earlier-registered version of the same model that has a card.
        var version = await db.ModelVersions.AsNoTracking().FirstAsync(v => v.Id == versionId, ct);
        var previous = await (from v in db.ModelVersions
                              join c in db.Set<AiCard>() on v.Id equals c.ModelVersionId
                              join r in db.Set<AiCardRevision>() on new { CardId = c.Id, Number = c.LatestRevision } equals new { r.CardId, r.Number }
                              where v.ModelId == version.ModelId && v.Id != versionId && v.CreatedAt <= version.CreatedAt
                              orderby v.CreatedAt descending
                              select new { c.Id, v.Version, r.Number, r.Sections }).AsNoTracking().FirstOrDefaultAsync(ct);

        var card = new AiCard { ModelVersionId = versionId, LatestRevision = 1, StartedFromCardId = previous?.Id, CreatedBy = caller.Actor.Name, CreatedAt = db.UtcNow };
        var sections = previous?.Sections ?? [];
        db.Set<AiCard>().Add(card);
        db.Set<AiCardRevision>().Add(NewRevision(card, 1, sections,
            sections.ToDictionary(s => s.Key, _ => new SectionChange(caller.Actor.Name, db.UtcNow, 1)), facts, caller, db.UtcNow,
            previous is null ? "started" : $"started from the card of v{previous.Version} (revision {previous.Number})"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (GovernanceDatabase.IsWriteConflict(e))
        {
            // Two people opened the editor of a card-less version at once; the unique index let the other start
            // it, so both edit that one card.
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            if (await fresh.Set<AiCard>().Where(c => c.ModelVersionId == versionId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) is { } other)
                return other;
            return new Error.Conflict("The AI Card could not be started because the database was busy. Try again.");
        }
        return card.Id;
    }

    /// <summary>
    /// Saves changed sections as a new revision on top of the latest one. <paramref name="baseRevision"/> is the
    /// revision the author loaded: a section changed since then (by anyone, even the same person in another tab)
    /// is a conflict, not an overwrite.
    /// </summary>
    public Task<Result<SaveResult>> SaveAsync(Caller caller, Guid versionId, IReadOnlyDictionary<string, string> changed, int baseRevision,
        string note = "edit", CancellationToken ct = default) =>
        SaveAsync(caller, versionId, changed, changed.ToDictionary(c => c.Key, _ => baseRevision), note, ct);

    /// <summary>
    /// As above, with the revision each section's text was based on: an editor that kept unsaved edits of one
    /// section while reloading the others has a different base per section.
    /// </summary>
    public async Task<Result<SaveResult>> SaveAsync(Caller caller, Guid versionId, IReadOnlyDictionary<string, string> changed,
        IReadOnlyDictionary<string, int> baseRevisions, string note = "edit", CancellationToken ct = default)
    {
        if (CardAccess.DenyEdit(caller, "edit an AI Card") is { } denied) return denied;
        var errors = new FieldErrors();
        foreach (var (key, text) in changed)
            errors.Check(CardSections.IsKnown(key), key, "is not a card section.")
                .Check(text.Length <= MaxSectionLength, key, $"must be at most {MaxSectionLength} characters.");
        if (errors.Any) return errors.ToError();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        var card = await db.Set<AiCard>().FirstOrDefaultAsync(c => c.ModelVersionId == versionId, ct);
        if (card is null) return new Error.NotFound("AI Card");
        var latest = await db.Set<AiCardRevision>().AsNoTracking().FirstAsync(r => r.CardId == card.Id && r.Number == card.LatestRevision, ct);

        var edits = changed.Select(c => (c.Key, Text: CardCanonical.NormalizeText(c.Value)))
            .Where(c => c.Text != CardCanonical.NormalizeText(latest.Sections.GetValueOrDefault(c.Key, ""))).ToList();
        // No exemption for the same author: two tabs of one person overwrite each other just the same.
        foreach (var (key, _) in edits)
            if (latest.Changes.TryGetValue(key, out var last) && baseRevisions.GetValueOrDefault(key, 0) is var baseRevision && last.Revision > baseRevision)
                return new Error.Conflict($"{CardSectionInfo.Title(key)} was changed by {last.By} in revision {last.Revision} after you opened revision {baseRevision}. Reload the card to see it.");
        if (edits.Count == 0) return new SaveResult(latest.Number, latest.Sha256, Unchanged: true);

        var number = card.LatestRevision + 1;
        var sections = new Dictionary<string, string>(latest.Sections);
        var changes = new Dictionary<string, SectionChange>(latest.Changes);
        foreach (var (key, text) in edits)
        {
            if (text.Length == 0) sections.Remove(key); else sections[key] = text;
            changes[key] = new SectionChange(caller.Actor.Name, db.UtcNow, number);
        }
        var facts = (await CardFactsReader.ReadAsync(db, versionId, ct))!;
        var revision = NewRevision(card, number, sections, changes, facts, caller, db.UtcNow, note);
        db.Set<AiCardRevision>().Add(revision);
        card.LatestRevision = number;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (GovernanceDatabase.IsWriteConflict(e))
        {
            // Two saves raced for the same revision number (the unique index let one win), or the write lock
            // stayed busy: either way nothing was saved and the author must reload.
            return new Error.Conflict("Someone saved this card at the same moment. Reload the card and try again.");
        }
        return new SaveResult(number, revision.Sha256, Unchanged: false);
    }

    /// <summary>
    /// Publishes the card as it is now, and its hash is what approvals bind to. A draft is frozen with the facts
    /// re-read from the register; a published revision is never touched again: when the register moved on since
    /// it was published, a new revision with the same sections and fresh facts is appended and published instead.
    /// Submitting a published revision whose facts still hold changes nothing.
    /// </summary>
    public async Task<Result<PublishedCard>> SubmitForReviewAsync(Caller caller, Guid versionId, CancellationToken ct = default)
    {
        if (CardAccess.DenyEdit(caller, "submit an AI Card for review") is { } denied) return denied;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Actor = caller.Actor;
            // One write transaction (BEGIN IMMEDIATE on SQLite): the latest revision read here is still the latest
            // when it is frozen, and two submissions cannot both append or both freeze.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var card = await db.Set<AiCard>().FirstOrDefaultAsync(c => c.ModelVersionId == versionId, ct);
            if (card is null) return new Error.NotFound("AI Card");
            var latest = await db.Set<AiCardRevision>().FirstAsync(r => r.CardId == card.Id && r.Number == card.LatestRevision, ct);
            var facts = (await CardFactsReader.ReadAsync(db, versionId, ct))!;
            var factsJson = CardCanonical.FactsJson(facts);
            if (latest.IsPublished && latest.FactsJson == factsJson) return CardReader.ToPublished(card.Id, latest);

            var target = latest;
            if (latest.IsPublished)
            {
                // Stale: the published revision stays what it said (approvals name its hash); restate it on top.
                target = NewRevision(card, card.LatestRevision + 1, new Dictionary<string, string>(latest.Sections),
                    new Dictionary<string, SectionChange>(latest.Changes), facts, caller, db.UtcNow, "register facts refreshed for review");
                db.Set<AiCardRevision>().Add(target);
                card.LatestRevision = target.Number;
            }
            else
            {
                // A draft has never been published, so taking the register as it is now rewrites nothing anyone relied on.
                target.FactsJson = factsJson;
                target.Sha256 = CardCanonical.Sha256(CardCanonical.Content(versionId, target.Sections, factsJson));
            }
            target.IsPublished = true;
            target.PublishedAt = db.UtcNow;
            target.PublishedBy = caller.Actor.Name;
            card.PublishedRevision = target.Number;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return CardReader.ToPublished(card.Id, target);
        }
        catch (Exception e) when (GovernanceDatabase.IsWriteConflict(e))
        {
            // The write lock was busy or a save took the same revision number: nothing was published.
            return new Error.Conflict("Someone else was saving this card at the same moment. Reload the card and submit again.");
        }
    }

    /// <summary>Creates or updates the free-text sections from a Hugging Face README (headings mapped to sections).</summary>
    public async Task<Result<SaveResult>> ImportHuggingFaceAsync(Caller caller, Guid versionId, string readme, CancellationToken ct = default)
    {
        if (readme.Length > Exports.HuggingFaceImport.MaxReadmeLength)
            return new Error.Validation(new Dictionary<string, string> { ["readme"] = $"is too long: at most {Exports.HuggingFaceImport.MaxReadmeLength / 1024} KB can be imported." });
        var started = await StartAsync(caller, versionId, ct);
        if (!started.Succeeded) return started.Error!;
        var sections = Exports.HuggingFaceImport.Sections(readme);
        if (sections.Count == 0) return new Error.Validation(new Dictionary<string, string> { ["readme"] = "has no headings that match card sections." });
        // An import replaces what it names: the author chose to import, so it is not a conflict.
        return await SaveAsync(caller, versionId, sections, int.MaxValue, "imported from a Hugging Face README", ct);
    }

    private static AiCardRevision NewRevision(AiCard card, int number, Dictionary<string, string> sections,
        Dictionary<string, SectionChange> changes, CardFacts facts, Caller caller, DateTime now, string note)
    {
        var factsJson = CardCanonical.FactsJson(facts);
        return new AiCardRevision
        {
            CardId = card.Id, Number = number, Sections = sections, Changes = changes, FactsJson = factsJson,
            Sha256 = CardCanonical.Sha256(CardCanonical.Content(card.ModelVersionId, sections, factsJson)),
            Note = note, CreatedBy = caller.Actor.Name, CreatedAt = now,
        };
    }
}
