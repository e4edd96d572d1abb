using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>One aspect of two model versions side by side; <see cref="Changed"/> rows are highlighted.</summary>
/// <param name="Group">Artifact, Training data, Metrics or AI Card: the review screen's sub-headings.</param>
public sealed record DiffRow(string Group, string Aspect, string Before, string After)
{
    public bool Changed => Before != After;
}

/// <summary>The version a request is compared with: the one last approved for the same model, use and stage.</summary>
/// <param name="ImportedFrom">The change record, when that approval was given before the portal and imported.</param>
public sealed record PreviousApproval(Guid RequestId, Guid ModelVersionId, string Version, DateTime? ApprovedAt, string? ImportedFrom);

/// <summary>
/// What a reviewer compares: two versions' artifact, training data, evaluation metrics and AI Card sections, every
/// aspect with both values (not only the changed ones), so "what stayed the same" is visible too.
/// </summary>
internal static class VersionDiff
{
    /// <summary>Card section text is cut to this many characters per side; the card compare page shows it whole.</summary>
    public const int ExcerptLength = 160;

    public static async Task<(PreviousApproval?, IReadOnlyList<DiffRow>)> SinceLastApprovedAsync(GovernanceDbContext db, PromotionRow r, CancellationToken ct)
    {
        // The same model as a subquery, not a statement of its own (ADR 0075).
        var sameModel = db.ModelVersions.Where(v => v.Id == r.ModelVersionId).Select(v => v.ModelId);
        var previous = await db.Set<PromotionRequest>().AsNoTracking()
            .Where(p => p.Status == PromotionStatus.Approved && p.AiSystemId == r.AiSystemId && p.TargetStage == r.Stage && p.Id != r.Id
                && sameModel.Contains(p.ModelVersion!.ModelId) && p.ModelVersionId != r.ModelVersionId)
            .OrderByDescending(p => p.ClosedAt)
            .Select(p => new PreviousApproval(p.Id, p.ModelVersionId, p.ModelVersion!.Version, p.ClosedAt, p.ImportedFrom))
            .FirstOrDefaultAsync(ct);
        if (previous is null) return (null, []);
        return (previous, await CompareAsync(db, previous.ModelVersionId, r.ModelVersionId, ct));
    }

    public static async Task<IReadOnlyList<DiffRow>> CompareAsync(GovernanceDbContext db, Guid beforeId, Guid afterId, CancellationToken ct)
    {
        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.Id == beforeId || v.Id == afterId).ToListAsync(ct);
        var before = versions.First(v => v.Id == beforeId);
        var after = versions.First(v => v.Id == afterId);
        var rows = new List<DiffRow>
        {
            new("Artifact", "Version", before.Version, after.Version),
            new("Artifact", "Digest", before.Sha256, after.Sha256),
            new("Artifact", "Framework", before.Framework, after.Framework),
            new("Artifact", "Tags", string.Join(", ", before.Tags.Order()), string.Join(", ", after.Tags.Order())),
            new("Training data", "Datasets", await TrainingDataAsync(db, before.Id, ct), await TrainingDataAsync(db, after.Id, ct)),
        };
        rows.AddRange(await MetricsAsync(db, before.Id, after.Id, ct));
        rows.AddRange(await CardAsync(db, before.Id, after.Id, ct));
        return rows;
    }

    /// <summary>Per evaluation kind, the newest evaluation of each version: its outcome, then every metric either reported.</summary>
    private static async Task<IEnumerable<DiffRow>> MetricsAsync(GovernanceDbContext db, Guid beforeId, Guid afterId, CancellationToken ct)
    {
        var evaluations = await db.Evaluations.AsNoTracking().Where(e => e.ModelVersionId == beforeId || e.ModelVersionId == afterId).ToListAsync(ct);
        var rows = new List<DiffRow>();
        foreach (var kind in evaluations.Select(e => e.Kind).Distinct().Order())
        {
            Evaluation? Latest(Guid id) => evaluations.Where(e => e.ModelVersionId == id && e.Kind == kind).MaxBy(e => e.EvaluatedAt);
            var (b, a) = (Latest(beforeId), Latest(afterId));
            static string Outcome(Evaluation? e) => e is null ? "none" : e.Passed ? "passed" : "failed";
            rows.Add(new("Metrics", $"{kind} evaluation", Outcome(b), Outcome(a)));
            foreach (var key in (b?.Metrics.Keys ?? Enumerable.Empty<string>()).Union(a?.Metrics.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
                rows.Add(new("Metrics", $"{kind}: {key}", Metric(b, key), Metric(a, key)));
        }
        return rows;
    }

    private static string Metric(Evaluation? e, string key) =>
        e is not null && e.Metrics.TryGetValue(key, out var v) ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>Each version's published card revision (or its latest draft), section by section.</summary>
    private static async Task<IEnumerable<DiffRow>> CardAsync(GovernanceDbContext db, Guid beforeId, Guid afterId, CancellationToken ct)
    {
        var cards = await db.Set<AiCard>().AsNoTracking().Where(c => c.ModelVersionId == beforeId || c.ModelVersionId == afterId)
            .Select(c => new { c.Id, c.ModelVersionId, Number = c.PublishedRevision ?? c.LatestRevision }).ToListAsync(ct);
        var cardIds = cards.Select(c => c.Id).ToList();
        var revisions = (await db.Set<AiCardRevision>().AsNoTracking().Where(r => cardIds.Contains(r.CardId)).ToListAsync(ct))
            .Where(r => cards.Any(c => c.Id == r.CardId && c.Number == r.Number)).ToList();
        AiCardRevision? Of(Guid versionId) => cards.FirstOrDefault(c => c.ModelVersionId == versionId) is { } c ? revisions.FirstOrDefault(r => r.CardId == c.Id) : null;
        var (b, a) = (Of(beforeId), Of(afterId));
        static string Revision(AiCardRevision? r) => r is null ? "no card" : $"revision {r.Number}{(r.IsPublished ? " (published)" : " (draft)")}";
        var rows = new List<DiffRow> { new("AI Card", "Card", Revision(b), Revision(a)) };
        foreach (var info in CardSectionInfo.All)
        {
            var (bt, at) = (Section(b, info.Key), Section(a, info.Key));
            if (bt == "—" && at == "—") continue;
            // Compare the whole text; show an excerpt (a changed tail must still count as changed).
            rows.Add(bt == at ? new("AI Card", info.Title, Excerpt(bt), Excerpt(at)) : new("AI Card", info.Title, Excerpt(bt), Excerpt(at) == Excerpt(bt) ? Excerpt(at) + " (changed further on)" : Excerpt(at)));
        }
        return rows;
    }

    private static string Section(AiCardRevision? r, string key) => r?.Sections.GetValueOrDefault(key) is { Length: > 0 } text ? text.Trim() : "—";

    private static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= ExcerptLength ? flat : flat[..(ExcerptLength - 1)] + "…";
    }

    private static async Task<string> TrainingDataAsync(GovernanceDbContext db, Guid versionId, CancellationToken ct)
    {
        var runIds = db.LineageEdges.Where(e => e.ToId == versionId && e.Kind == EdgeKind.Produced).Select(e => e.FromId);
        var datasetIds = await db.LineageEdges.Where(e => runIds.Contains(e.ToId) && e.Kind == EdgeKind.Consumed && e.FromType == NodeType.DatasetVersion)
            .Select(e => e.FromId).ToListAsync(ct);
        var names = await db.DatasetVersions.Where(d => datasetIds.Contains(d.Id)).Select(d => d.Dataset!.Name + "@" + d.Version).ToListAsync(ct);
        return names.Count == 0 ? "unknown" : string.Join(", ", names.Order());
    }
}
