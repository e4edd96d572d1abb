using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Evidence;

public sealed partial class EvidencePackService
{
    /// <summary>The whole history of one model version: every request, decision and attestation, in one pack.</summary>
    public async Task<Result<IssuedDocument>> IssueVersionHistoryAsync(Caller caller, string modelName, string version, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (EvidenceAccess.Deny(caller, "issue evidence packs") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var v = await db.ModelVersions.AsNoTracking().Include(x => x.Model)
            .FirstOrDefaultAsync(x => x.Model!.Name == modelName.Trim() && x.Version == version.Trim(), ct);
        if (v is null) return new Error.NotFound($"Model version {modelName} {version}");
        progress?.Report("Reading every promotion request of the version");
        var requests = new List<(PromotionDetail Detail, ReleaseDecisionResult? Release)>();
        var ids = await db.PromotionRequests.AsNoTracking().Where(r => r.ModelVersionId == v.Id).OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            var d = (await reader.PromotionAsync(id, ct))!;
            var release = d.Request.Status == PromotionStatus.Approved
                ? (await releases.DecideAsync(d.Request.ModelName, d.Request.Version, d.Request.Use, d.Request.Stage, ct: ct)).Value : null;
            requests.Add((d, release));
        }
        // The use the version runs in (or was last requested for) frames the card and findings.
        var useId = requests.LastOrDefault().Detail?.Request.AiSystemId
            ?? await db.ModelVersionStages.AsNoTracking().Where(s => s.ModelVersionId == v.Id).Select(s => (Guid?)s.AiSystemId).FirstOrDefaultAsync(ct)
            ?? await db.AiSystems.AsNoTracking().OrderBy(s => s.Key).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        if (useId is not { } use) return new Error.NotFound("AI system");
        var stamp = await reader.StampAsync(caller.Actor.Name, time.GetUtcNow().UtcDateTime, ct);
        progress?.Report("Reading the AI Card, evaluations, lineage and findings");
        var subject = (await reader.SubjectAsync(caller, v.Id, use, null, ct))!;
        var auditIds = new List<string>();
        foreach (var id in ids) auditIds.AddRange(await reader.AuditSubjectsAsync(id, v.Id, ct));
        if (ids.Count == 0) auditIds.Add(v.Id.ToString());
        var (audit, total) = await reader.AuditAsync(auditIds.Distinct().ToList(), ct);

        progress?.Report("Drawing the PDF");
        var (pdf, pages) = await RenderAsync(VersionHistoryPack.Build(stamp, subject, requests, audit, total), ct);
        var sha = Sha(pdf);
        await RecordAsync(caller, new IssuedPack
        {
            PackId = stamp.PackId, Kind = PackKind.ModelVersionHistory, SubjectId = v.Id, Subject = $"{v.Model!.Name} {v.Version} (history)",
            Sha256 = sha, SizeBytes = pdf.LongLength, Pages = pages, IssuedBy = caller.Actor.Name, IssuedAt = stamp.IssuedAt,
            AuditHeadSequence = stamp.AuditHeadSequence, AuditHeadHash = stamp.AuditHeadHash,
        }, ct);
        return new IssuedDocument(stamp.PackId, $"history-{Slug(v.Model.Name)}-{Slug(v.Version)}-{stamp.PackId}.pdf", "application/pdf", pdf, sha, pages);
    }

    /// <summary>Technical documentation of an AI system along the EU AI Act's Annex IV items 1–9, each saying what is missing.</summary>
    public async Task<Result<IssuedDocument>> IssueTechnicalDocumentationAsync(Caller caller, string aiSystemKey, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (EvidenceAccess.Deny(caller, "issue technical documentation") is { } denied) return denied;
        progress?.Report("Judging compliance coverage");
        var matrix = await coverage.ComputeAsync(aiSystemKey.Trim(), null, null, ct);
        if (matrix is null) return new Error.NotFound($"AI system '{aiSystemKey}'");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var system = await db.AiSystems.AsNoTracking().FirstAsync(s => s.Key == matrix.AiSystemKey, ct);
        var stamp = await reader.StampAsync(caller.Actor.Name, time.GetUtcNow().UtcDateTime, ct);
        progress?.Report("Reading the register and the AI Card");
        var subject = matrix.ModelVersionId is { } vid ? await reader.SubjectAsync(caller, vid, system.Id, null, ct) : null;
        var requests = await db.PromotionRequests.AsNoTracking().Where(r => r.AiSystemId == system.Id).OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(ct);
        var history = new List<PromotionRow>();
        foreach (var id in requests) if (await reader.PromotionAsync(id, ct) is { } d) history.Add(d.Request);
        var staged = await db.ModelVersionStages.AsNoTracking().Where(s => s.AiSystemId == system.Id)
            .Select(s => new { s.Stage, s.ModelVersionId }).ToListAsync(ct);
        var versionIds = staged.Select(s => s.ModelVersionId).ToList();
        var labels = await db.ModelVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).Select(v => new { v.Id, Label = v.Model!.Name + " " + v.Version, v.Sha256 }).ToListAsync(ct);
        var stages = staged.Select(s => labels.First(l => l.Id == s.ModelVersionId) is var l ? (l.Label, s.Stage, l.Sha256) : default).ToList();
        var endpoints = await db.ServingEndpoints.AsNoTracking().Where(e => e.AiSystemId == system.Id)
            .Select(e => e.Name + " (" + e.Environment + ") serving " + e.ReportedModelName + " " + e.ReportedVersion + ", last seen " + e.LastSeen.ToString("yyyy-MM-dd")).ToListAsync(ct);
        var policies = await db.PromotionPolicies.AsNoTracking().Where(p => p.RiskTier == system.RiskTier).ToListAsync(ct);
        var inForce = policies.GroupBy(p => p.TargetStage).Select(g => g.MaxBy(p => p.Version)!).OrderBy(p => p.TargetStage).ToList();

        progress?.Report("Drawing the PDF");
        var (pdf, pages) = await RenderAsync(TechnicalDocumentation.Build(stamp, system, matrix, subject, history, stages, endpoints, inForce), ct);
        var sha = Sha(pdf);
        await RecordAsync(caller, new IssuedPack
        {
            PackId = stamp.PackId, Kind = PackKind.TechnicalDocumentation, SubjectId = system.Id, Subject = $"{system.Name} (Annex IV)",
            Sha256 = sha, SizeBytes = pdf.LongLength, Pages = pages, IssuedBy = caller.Actor.Name, IssuedAt = stamp.IssuedAt,
            AuditHeadSequence = stamp.AuditHeadSequence, AuditHeadHash = stamp.AuditHeadHash,
        }, ct);
        return new IssuedDocument(stamp.PackId, $"annex-iv-{Slug(system.Key)}-{stamp.PackId}.pdf", "application/pdf", pdf, sha, pages);
    }
}
