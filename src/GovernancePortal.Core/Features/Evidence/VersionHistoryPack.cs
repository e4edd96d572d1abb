using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Pdf;
using static GovernancePortal.Core.Features.Evidence.PackSections;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>Lays out the history of one model version: every promotion request, its decision and attestation.</summary>
public static class VersionHistoryPack
{
    public static PdfDocumentSpec Build(PackStamp stamp, SubjectFacts s, IReadOnlyList<(PromotionDetail Detail, ReleaseDecisionResult? Release)> requests,
        IReadOnlyList<AuditEntry> audit, int auditTotal)
    {
        var v = s.Version;
        var blocks = new List<Block>();
        blocks.AddRange(Cover("Model version history", $"{s.ModelName} {v.Version}", stamp, [
            ("Model and version", $"{s.ModelName} {v.Version}"), ("Artifact SHA-256", v.Sha256), ("Artifact URI", v.ArtifactUri),
            ("Framework", v.Framework), ("Registered", $"{Utc(v.CreatedAt)} by {v.CreatedBy}"), ("Promotion requests", requests.Count.ToString()),
        ]));
        blocks.Add(new Heading(1, "1. Promotion requests"));
        if (requests.Count == 0) blocks.Add(new Paragraph("No promotion of this version was ever requested."));
        else blocks.Add(new Table([new("Requested", 1.2f), new("Use", 1.6f), new("Stage", 0.9f), new("Status", 0.9f), new("Decided", 1.2f), new("Decision hash", 2.2f, Mono: true)],
            [.. requests.Select(x => x.Detail.Request).Select(r => (IReadOnlyList<Cell>)[Utc(r.CreatedAt), r.UseName, r.Stage.ToString(),
                new Cell(r.Status.ToString(), Bold: true, Color: r.Status == PromotionStatus.Approved ? Pass : r.Status == PromotionStatus.Rejected ? Fail : null), Utc(r.ClosedAt), r.DecisionHash])], FontSize: 8));
        var n = 1;
        foreach (var (d, release) in requests)
        {
            var r = d.Request;
            blocks.Add(new Heading(2, $"1.{n++} {r.Stage} for {r.UseName}: {r.Status}"));
            blocks.Add(KeyValues([("Request", r.Id.ToString()), ("Requested", $"{Utc(r.CreatedAt)} by {r.RequestedBy}"), ("Decision", $"{r.Status} {Utc(r.ClosedAt)}"),
                ("Policy version", r.PolicyVersion?.ToString() ?? "—"), ("Justification", d.Justification), ("Reason", r.RejectionReason ?? "—")]));
            if (r.Approvals.Count > 0)
                blocks.Add(new Table([new("Role", 0.8f), new("Person", 1.5f), new("Signed (UTC)", 1.2f), new("Decision hash signed", 2.3f, Mono: true), new("Status", 1.4f)],
                    [.. r.Approvals.Select(a => (IReadOnlyList<Cell>)[a.Role.ToString(), a.Reviewer, Utc(a.SignedAt), a.DecisionHash,
                        a.Valid ? new Cell("Valid", Color: Pass) : new Cell("Invalidated: " + a.InvalidatedReason, Color: Fail)])], FontSize: 8));
            if (release is { Allowed: true, Attestation: { } env })
            {
                blocks.Add(new Paragraph($"Release attestation (key {env.Signatures[0].KeyId}):"));
                blocks.Add(new Pdf.CodeBlock(JsonSerializer.Serialize(env, new JsonSerializerOptions { WriteIndented = true })));
            }
            else if (release is { Allowed: false })
                blocks.Add(new Callout("Release denied at issue", string.Join(" ", release.Reasons), Warn));
        }
        blocks.Add(new Heading(1, "2. AI Card"));
        blocks.AddRange(Card(s.Card, null));
        blocks.Add(new Heading(1, "3. Evaluations"));
        blocks.AddRange(PackSections.Evaluations(s.Evaluations));
        blocks.Add(new Heading(1, "4. Lineage"));
        blocks.AddRange(PackSections.Lineage(s));
        blocks.Add(new Heading(1, "5. Findings"));
        blocks.AddRange(PackSections.Findings(s.Findings));
        blocks.Add(new Heading(1, "6. Audit excerpt"));
        blocks.AddRange(PackSections.Audit(audit, auditTotal));
        blocks.Add(new Heading(1, "7. Appendix: artifacts"));
        blocks.Add(Artifacts([($"{s.ModelName} {v.Version}", "Model artifact", v.Sha256), .. s.Card is { } c ? [($"AI Card revision {c.Revision}", "AI Card", c.Sha256)] : Array.Empty<(string, string, string)>(),
            .. s.Evaluations.Where(e => e.Evaluation.ArtifactSha256 is not null).Select(e => ($"{e.Evaluation.Kind} report {e.Evaluation.EvaluatedAt:yyyy-MM-dd}", "Evaluation report", e.Evaluation.ArtifactSha256!)),
            .. requests.Select(x => ($"Request {x.Detail.Request.Id}", "Decision hash", x.Detail.Request.DecisionHash))]));
        return new PdfDocumentSpec(new PdfMetadata($"Version history {stamp.PackId}: {s.ModelName} {v.Version}", stamp.IssuedBy,
            $"History of {s.ModelName}@{v.Version}", stamp.IssuedAt, $"model version history; {s.ModelName}; {v.Sha256}", "GovernancePortal"), blocks)
        {
            HeaderLeft = $"Version history {stamp.PackId}", HeaderRight = $"{s.ModelName}@{v.Version}",
            FooterLeft = $"Issued {Utc(stamp.IssuedAt)} by {stamp.IssuedBy} · audit head #{stamp.AuditHeadSequence}",
        };
    }
}
