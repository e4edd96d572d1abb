using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Seeding;

/// <summary>
/// The governance layer over a generated register, so every detail page has data to read (issue 16's read budget):
/// AI Cards on the newest version of each model, and approved promotions with their three signatures behind half of
/// the Staging and Production stages. The other half stay untracked on purpose: the findings engine raises those
/// (UntrackedPromotion), which is where the findings of a generated register come from; none is written here, because
/// the engine reconciles findings against the register and would resolve invented ones.
/// </summary>
public sealed partial class DataGenerator
{
    private const int PromotionBatch = 500;

    /// <summary>A card per model, through the card service (facts read from the register, per-row audit), on its newest version.</summary>
    private async Task<int> CardsAsync(string tag, Actor actor, IProgress<string>? progress, CancellationToken ct)
    {
        List<Guid> newest;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            newest = await db.ModelVersions.Where(v => v.Model!.Name.StartsWith(tag + "-") && v.Version == $"1.{VersionsPerModel - 1}.0")
                .OrderBy(v => v.CreatedAt).Select(v => v.Id).ToListAsync(ct);
        var writer = new Caller(actor, new HashSet<string> { Roles.DataScientist });
        var written = 0;
        foreach (var id in newest)
        {
            var started = await cards.StartAsync(writer, id, ct);
            if (!started.Succeeded) throw new InvalidOperationException($"AI Card of version {id}: {started.Error!.Message}");
            if (++written % 1_000 == 0) progress?.Report($"{written:N0} / {newest.Count:N0} AI Cards");
        }
        return written;
    }

    /// <summary>
    /// Imported approvals (ADR 0027's shape: approved before the portal, bound to today's gate facts) with the three
    /// reviewer signatures, for every second Staging/Production stage. Written in batches with one summary entry (ADR 0004).
    /// </summary>
    private async Task<int> PromotionsAsync(string tag, Actor actor, IProgress<string>? progress, CancellationToken ct)
    {
        List<ModelVersionStage> staged;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            staged = await db.ModelVersionStages.AsNoTracking()
                .Where(s => (s.Stage == Stage.Staging || s.Stage == Stage.Production) && db.ModelVersions.Any(v => v.Id == s.ModelVersionId && v.Model!.Name.StartsWith(tag + "-")))
                .OrderBy(s => s.ModelVersionId).ToListAsync(ct);
        var chosen = staged.Where((_, i) => i % 2 == 0).ToList();
        for (var done = 0; done < chosen.Count; done += PromotionBatch)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Actor = actor;
            db.AuditSummaryOnly = true;
            foreach (var (s, i) in chosen.Skip(done).Take(PromotionBatch).Select((s, i) => (s, i)))
            {
                var report = await gates.EvaluateAsync(db, s.ModelVersionId, s.AiSystemId, s.Stage, ct);
                var at = s.UpdatedAt;
                var change = $"CHG-{tag}-{done + i:D6}"; // one change record per promotion
                var request = new PromotionRequest
                {
                    ModelVersionId = s.ModelVersionId, AiSystemId = s.AiSystemId, TargetStage = s.Stage, Status = PromotionStatus.Approved,
                    Justification = $"Imported from change record {change} (synthetic).", ImportedFrom = change, RequestedBy = actor.Name,
                    CreatedAt = at.AddDays(-2), SubmittedAt = at.AddDays(-2), ClosedAt = at, ClosedBy = Reviewer(ReviewerRole.Risk),
                    PolicyId = report.Policy?.Id, PolicyVersion = report.Policy?.Version, DecisionHash = report.DecisionHash, DecisionInputs = report.Inputs.ToJson(),
                };
                foreach (var role in Enum.GetValues<ReviewerRole>())
                    request.Approvals.Add(new PromotionApproval
                    {
                        Role = role, ReviewerId = $"{tag}-{role}", ReviewerName = Reviewer(role), SignedAt = at.AddHours(-3 + (int)role),
                        Comment = $"Approved in {change}.", DecisionHash = report.DecisionHash,
                    });
                db.PromotionRequests.Add(request);
            }
            var count = Math.Min(PromotionBatch, chosen.Count - done);
            db.AddAuditEvent(new("Inventory.Generated", "Batch", $"{tag}/promotions/{done / PromotionBatch}", null,
                JsonSerializer.Serialize(new { Promotions = count, Signatures = count * 3, Tag = tag })));
            await db.SaveChangesAsync(ct);
            progress?.Report($"{done + count:N0} / {chosen.Count:N0} promotions");
        }
        return chosen.Count;

        static string Reviewer(ReviewerRole role) => $"{role.ToString().ToLowerInvariant()}-reviewer@synthetic.invalid";
    }
}
