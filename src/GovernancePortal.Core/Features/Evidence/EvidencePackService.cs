using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Data;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards.Exports;
using GovernancePortal.Core.Features.Compliance;
using GovernancePortal.Core.Features.Inventory;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Attestation;
using GovernancePortal.Core.Pdf;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>A document the portal issued: its bytes, how to name and serve them, and its record.</summary>
public sealed record IssuedDocument(string PackId, string FileName, string ContentType, byte[] Content, string Sha256, int Pages);

/// <summary>What verification answers: whether the portal issued exactly these bytes, and which pack they are.</summary>
public sealed record VerifyResult(bool Issued, string? PackId, DateTime? IssuedAt, Guid? PromotionId, string Sha256, PackKind? Kind = null, string? Subject = null);

public sealed record IssuedPackRow(string PackId, PackKind Kind, string Subject, Guid SubjectId, Guid? PromotionId, string Sha256, string? ZipSha256,
    int Pages, long SizeBytes, string IssuedBy, DateTime IssuedAt);

/// <summary>
/// Issues evidence documents (promotion packs as PDF or ZIP, version histories, Annex IV documentation), records every
/// issue (data and audit chain) and verifies files against those records. Drawing runs off the caller's thread, so a
/// Blazor circuit stays responsive; progress is reported in words.
/// </summary>
public sealed partial class EvidencePackService(
    IDbContextFactory<GovernanceDbContext> dbFactory, EvidenceReader reader, CoverageService coverage, ReleaseDecisionService releases,
    AttestationKeyService keys, TimeProvider time)
{
    public const string ManifestPayloadType = "application/vnd.governance-portal.evidence-manifest+json";
    private readonly PdfRenderer renderer = new();

    public async Task<Result<IssuedDocument>> IssuePromotionPackAsync(Caller caller, Guid promotionId, bool zip = false,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (EvidenceAccess.Deny(caller, "issue evidence packs") is { } denied) return denied;
        progress?.Report("Reading the promotion request and its gates");
        var detail = await reader.PromotionAsync(promotionId, ct);
        if (detail is null) return new Error.NotFound("Promotion request");
        var r = detail.Request;
        var inputs = await reader.DecisionInputsJsonAsync(promotionId, ct);
        var stamp = await reader.StampAsync(caller.Actor.Name, time.GetUtcNow().UtcDateTime, ct);
        progress?.Report("Reading the AI Card, evaluations, lineage and findings");
        // The evaluations are judged by the policy the request bound, as its evidence gate judged them.
        var policy = await reader.PolicyAsync(await PolicyIdAsync(promotionId, ct), ct);
        var subject = await reader.SubjectAsync(caller, r.ModelVersionId, r.AiSystemId, EvidenceReader.BoundCardRevision(inputs), ct, policy, promotion: true);
        if (subject is null) return new Error.NotFound("Model version or AI system");
        var (audit, total) = await reader.AuditAsync(await reader.AuditSubjectsAsync(promotionId, r.ModelVersionId, ct), ct);
        progress?.Report("Judging compliance coverage");
        var matrix = (await coverage.ComputeAsync(r.Use, r.ModelVersionId, null, ct))!;
        var release = r.Status == PromotionStatus.Approved ? (await releases.DecideAsync(r.ModelName, r.Version, r.Use, r.Stage, ct: ct)).Value : null;
        var facts = new PromotionPackFacts(stamp, r, detail.Justification, subject, detail.Gates, policy,
            policy is null ? null : PolicyYaml.Parse(policy.Yaml).Value, audit, total, matrix, release, inputs);

        progress?.Report("Drawing the PDF");
        var (pdf, pages) = await RenderAsync(PromotionPack.Build(facts), ct);
        var pdfSha = Sha(pdf);
        var fileBase = $"evidence-{Slug(r.ModelName)}-{Slug(r.Version)}-{r.Stage.ToString().ToLowerInvariant()}-{stamp.PackId}";
        byte[]? zipBytes = null;
        if (zip)
        {
            progress?.Report("Signing the manifest and packing the ZIP");
            zipBytes = await ZipAsync(facts, pdf, pdfSha, $"{fileBase}.pdf", ct);
        }
        progress?.Report("Recording the issued pack");
        await RecordAsync(caller, new IssuedPack
        {
            PackId = stamp.PackId, Kind = PackKind.Promotion, SubjectId = r.Id, PromotionId = r.Id,
            Subject = $"{r.ModelName} {r.Version} → {r.Stage} for {r.Use}", Sha256 = pdfSha, ZipSha256 = zipBytes is null ? null : Sha(zipBytes),
            SizeBytes = (zipBytes ?? pdf).LongLength, Pages = pages, IssuedBy = caller.Actor.Name, IssuedAt = stamp.IssuedAt,
            AuditHeadSequence = stamp.AuditHeadSequence, AuditHeadHash = stamp.AuditHeadHash,
        }, ct);
        return zipBytes is null
            ? new IssuedDocument(stamp.PackId, fileBase + ".pdf", "application/pdf", pdf, pdfSha, pages)
            : new IssuedDocument(stamp.PackId, fileBase + ".zip", "application/zip", zipBytes, Sha(zipBytes), pages);
    }

    /// <summary>Looks the file's SHA-256 up among issued packs (the PDF or its ZIP). Reading is all it does.</summary>
    public async Task<VerifyResult> VerifyAsync(Stream content, CancellationToken ct = default)
    {
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<IssuedPack>().AsNoTracking().FirstOrDefaultAsync(p => p.Sha256 == sha || p.ZipSha256 == sha, ct);
        return row is null ? new VerifyResult(false, null, null, null, sha)
            : new VerifyResult(true, row.PackId, row.IssuedAt, row.PromotionId, sha, row.Kind, row.Subject);
    }

    public async Task<Result<Page<IssuedPackRow>>> ListAsync(Caller caller, Guid? subjectId = null, int page = 0, int pageSize = 50, CancellationToken ct = default)
    {
        if (EvidenceAccess.Deny(caller, "list issued evidence packs") is { } denied) return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Set<IssuedPack>().AsNoTracking();
        if (subjectId is { } s) q = q.Where(p => p.SubjectId == s);
        var count = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(p => p.IssuedAt).PageOf(page, pageSize)
            .Select(p => new IssuedPackRow(p.PackId, p.Kind, p.Subject, p.SubjectId, p.PromotionId, p.Sha256, p.ZipSha256, p.Pages, p.SizeBytes, p.IssuedBy, p.IssuedAt))
            .ToListAsync(ct);
        return new Page<IssuedPackRow>(rows, count);
    }

    internal async Task<(byte[] Pdf, int Pages)> RenderAsync(PdfDocumentSpec spec, CancellationToken ct) =>
        await Task.Run(() =>
        {
            using var ms = new MemoryStream();
            var info = renderer.Render(spec, ms);
            return (ms.ToArray(), info.PageCount);
        }, ct);

    internal async Task RecordAsync(Caller caller, IssuedPack pack, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        db.Add(pack);
        await db.SaveChangesAsync(ct);
    }

    private async Task<Guid?> PolicyIdAsync(Guid promotionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PromotionRequests.AsNoTracking().Where(r => r.Id == promotionId).Select(r => r.PolicyId).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The ZIP form: the PDF, a machine-readable manifest of every fact and digest, the manifest signed as a DSSE envelope
    /// with the attestation key (verifiable offline with the public key alone), the card's CycloneDX ML-BOM and Hugging Face
    /// README, and the policy YAML.
    /// </summary>
    private async Task<byte[]> ZipAsync(PromotionPackFacts f, byte[] pdf, string pdfSha, string pdfName, CancellationToken ct)
    {
        var files = new List<(string Name, byte[] Bytes)> { (pdfName, pdf) };
        var card = f.Subject.Card;
        if (card is not null)
        {
            files.Add(("ai-card.cdx.json", System.Text.Encoding.UTF8.GetBytes(CycloneDxExport.Write(card))));
            files.Add(("ai-card.README.md", System.Text.Encoding.UTF8.GetBytes(HuggingFaceExport.Write(card))));
        }
        if (f.BoundPolicy is { } p) files.Add(("policy.yaml", System.Text.Encoding.UTF8.GetBytes(p.Yaml)));
        var r = f.Request;
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            manifestVersion = 1,
            packId = f.Stamp.PackId,
            issuedAt = f.Stamp.IssuedAt,
            issuedBy = f.Stamp.IssuedBy,
            auditHead = new { sequence = f.Stamp.AuditHeadSequence, hash = f.Stamp.AuditHeadHash },
            promotion = new
            {
                id = r.Id, model = r.ModelName, version = r.Version, sha256 = r.Sha256, aiSystem = r.Use, riskTier = r.RiskTier.ToString(),
                stage = r.Stage.ToString(), status = r.Status.ToString(), decidedAt = r.ClosedAt, decisionHash = r.DecisionHash,
                policy = f.BoundPolicy is { } bp ? $"{bp.RiskTier}/{bp.TargetStage} v{bp.Version}" : null,
                approvals = r.Approvals.Select(a => new { role = a.Role.ToString(), reviewer = a.Reviewer, signedAt = a.SignedAt, decisionHash = a.DecisionHash, valid = a.Valid, invalidatedReason = a.InvalidatedReason }),
            },
            gates = f.Gates.Checks.Select(c => new { gate = c.Gate, check = c.Check, status = c.Status.ToString(), reason = c.Reason }),
            aiCard = card is null ? null : new { revision = card.Revision, sha256 = card.Sha256 },
            evaluations = f.Subject.Evaluations.Select(e => new { kind = e.Evaluation.Kind.ToString(), evaluatedAt = e.Evaluation.EvaluatedAt, passed = e.Evaluation.Passed,
                targetSha256 = e.Evaluation.TargetSha256, reportSha256 = e.Evaluation.ArtifactSha256, metrics = e.Evaluation.Metrics,
                source = e.Evaluation.Source.ToString().ToLowerInvariant(), sourceFiles = SourceFiles(e.Evaluation),
                judgedBy = e.Rules.Select(x => new { policy = x.PolicyName, stage = x.Stage.ToString(), version = x.PolicyVersion, thresholds = x.Requirement.Thresholds.Select(t => t.ToString()) }) }),
            findings = f.Subject.Findings.Select(x => new { rule = x.Rule.ToString(), severity = x.Severity.ToString(), message = x.Message, resolvedAt = x.ResolvedAt }),
            coverage = f.Coverage.Rows.Select(x => new { control = x.Control.Id, status = x.Status.ToString() }),
            attestation = f.Release?.Attestation,
            artifacts = PromotionPack.ArtifactRows(f).Select(a => new { name = a.Name, kind = a.Kind, sha256 = a.Sha }),
            files = files.Select(x => new { name = x.Name, sha256 = Sha(x.Bytes) }).Append(new { name = pdfName, sha256 = pdfSha }).DistinctBy(x => x.name),
        }, new JsonSerializerOptions { WriteIndented = true });
        var (key, keyId) = await keys.ActiveAsync(ct);
        DsseEnvelope envelope;
        using (key) envelope = Dsse.Sign(manifest, ManifestPayloadType, key, keyId);
        files.Add(("manifest.json", manifest));
        files.Add(("manifest.dsse.json", JsonSerializer.SerializeToUtf8Bytes(envelope, new JsonSerializerOptions { WriteIndented = true })));

        using var ms = new MemoryStream();
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in files)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(f.Stamp.IssuedAt, TimeSpan.Zero);
                await using var s = entry.Open();
                await s.WriteAsync(bytes, ct);
            }
        return ms.ToArray();
    }

    /// <summary>
    /// The files a computed evaluation was made from, by digest (ADR 0040): the pack names them, it does not carry them
    /// (they may be large and hold personal data); the bytes are downloaded from the portal and re-hashed.
    /// </summary>
    private static IEnumerable<object> SourceFiles(Evaluation e) => e.Upload is not { } u ? []
        : u.PerturbedSha256 is { } perturbed
            ? [new { role = "clean", name = u.FileName, sha256 = u.Sha256, sizeBytes = u.SizeBytes },
               new { role = "perturbed", name = u.PerturbedFileName, sha256 = perturbed, sizeBytes = u.PerturbedSizeBytes ?? 0 }]
            : [new { role = "file", name = u.FileName, sha256 = u.Sha256, sizeBytes = u.SizeBytes }];

    internal static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
    internal static string Slug(string s) => new string(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? char.ToLowerInvariant(c) : '-').ToArray());
}
