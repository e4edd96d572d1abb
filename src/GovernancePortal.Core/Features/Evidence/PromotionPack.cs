using System.Text.Json;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Gates;
using GovernancePortal.Core.Pdf;
using static GovernancePortal.Core.Features.Evidence.PackSections;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>Lays out the evidence pack of one promotion request: the twelve sections, in the order auditors expect.</summary>
public static class PromotionPack
{
    public static PdfDocumentSpec Build(PromotionPackFacts f)
    {
        var r = f.Request;
        var s = f.Subject;
        var blocks = new List<Block>();
        var decision = r.Status switch
        {
            PromotionStatus.Approved => $"Approved {Utc(r.ClosedAt)}",
            PromotionStatus.Rejected => $"Rejected {Utc(r.ClosedAt)} by {r.ClosedBy}",
            PromotionStatus.Withdrawn or PromotionStatus.Expired => $"{r.Status} {Utc(r.ClosedAt)}",
            _ => $"{r.Status}: no decision yet",
        };
        // 1. Cover
        blocks.AddRange(Cover("Evidence pack", $"{r.ModelName} {r.Version} → {r.Stage} for {r.UseName}", f.Stamp, [
            ("AI system", $"{s.System.Name} ({s.System.Key})"), ("Business use", s.System.IntendedPurpose), ("Risk tier", s.System.RiskTier.ToString()),
            ("Model and version", $"{r.ModelName} {r.Version}"), ("Artifact SHA-256", r.Sha256), ("Target stage", r.Stage.ToString()),
            ("Decision", decision), ("Promotion request", r.Id.ToString()),
        ]));

        // 2. Summary
        blocks.Add(new Heading(1, "1. Summary"));
        var signed = r.Approvals.Where(a => a.Valid).ToList();
        var policyText = f.BoundPolicy is { } bp ? $"the {bp.RiskTier} → {bp.TargetStage} policy version {bp.Version}" : "no recorded policy version";
        blocks.Add(new Paragraph(r.Status == PromotionStatus.Approved
            ? $"{r.ModelName} {r.Version} (artifact {Digest.Short(r.Sha256)}…) was approved for {r.Stage} in {r.UseName} on {Utc(r.ClosedAt)}, under {policyText}, "
              + $"co-signed by {string.Join(", ", signed.Select(a => $"{a.Reviewer} ({a.Role})"))}. Requested by {r.RequestedBy} on {Utc(r.CreatedAt)}."
            : $"The request to move {r.ModelName} {r.Version} (artifact {Digest.Short(r.Sha256)}…) to {r.Stage} in {r.UseName} is {r.Status.ToString().ToLowerInvariant()}"
              + (r.RejectionReason is { } why ? $": {why}" : ".") + $" Requested by {r.RequestedBy} on {Utc(r.CreatedAt)}; {signed.Count} valid signature(s) under {policyText}."));
        if (!string.IsNullOrWhiteSpace(f.Justification)) blocks.Add(new Paragraph([new Span("Justification: ", TextStyle.Body.WithBold()), new Span(f.Justification, TextStyle.Body)]));
        var open = new List<string>();
        open.AddRange(f.Gates.Failing.Select(c => $"{c.Check}: {c.Reason}"));
        open.AddRange(s.Findings.Where(x => x.ResolvedAt is null).Select(x => $"Open finding ({x.Severity}): {x.Message}"));
        if (f.Release is { Allowed: false } denied && f.Approved) open.AddRange(denied.Reasons.Select(x => "Release now denied: " + x));
        open.AddRange(f.Coverage.Rows.Where(x => x.Status == Compliance.CoverageStatus.Missing).Select(x => $"Control {x.Control.Id} ({x.Control.Title}) has no evidence"));
        blocks.Add(new Heading(3, "What remains open"));
        blocks.Add(open.Count == 0 ? new Paragraph("Nothing: every gate passes, no finding is open and every control has evidence.") : BulletList.Of(open));

        // 3. Gate checklist
        blocks.Add(new Heading(1, "2. Gate checklist"));
        var same = f.Gates.DecisionHash == r.DecisionHash;
        blocks.Add(new Paragraph($"Evaluated at issue ({Utc(f.Stamp.IssuedAt)}) under {(f.Gates.Policy is { } gp ? $"{gp.RiskTier} → {gp.TargetStage} policy v{gp.Version}" : "no policy")}. "
            + (same ? "The decision hash is unchanged since the request's last binding." : "The facts changed since the request's last binding; the hash below differs from the one reviewers signed.")));
        blocks.Add(new Table([new("Gate", 1), new("Check", 1.5f), new("Result", 0.8f), new("Thresholds, measured values, reason", 5)],
            [.. f.Gates.Checks.Select(c => (IReadOnlyList<Cell>)[c.Gate, c.Check, Verdict(c.Passed, "PASS", c.Status == CheckStatus.Missing ? "MISSING" : "FAIL"), c.Reason])], FontSize: 8.5f));
        if (f.BoundDefinition is { } def)
            blocks.Add(new Table([new("Evidence required", 1.4f), new("Thresholds", 3), new("Max. age (days)", 1)],
                [.. def.Evidence.Select(e => (IReadOnlyList<Cell>)[e.Kind.ToString(), e.Thresholds.Count == 0 ? "marked passed" : string.Join("; ", e.Thresholds), (e.MaxAgeDays ?? def.MaxEvidenceAgeDays).ToString()])], FontSize: 8.5f));
        blocks.Add(KeyValues([("Decision hash (request)", r.DecisionHash), ("Decision hash (at issue)", f.Gates.DecisionHash),
            ("Policy", f.BoundPolicy is { } p2 ? $"{p2.RiskTier} → {p2.TargetStage} v{p2.Version}, saved {Utc(p2.CreatedAt)} by {p2.CreatedBy}; YAML in the appendix" : "none")]));

        // 4. Approvals
        blocks.Add(new Heading(1, "3. Approvals"));
        blocks.Add(r.Approvals.Count == 0 ? new Paragraph("No reviewer has signed this request.") :
            new Table([new("Role", 0.8f), new("Person", 1.5f), new("Signed (UTC)", 1.2f), new("Comment", 2), new("Decision hash signed", 2.3f, Mono: true), new("Status", 1.3f)],
                [.. r.Approvals.Select(a => (IReadOnlyList<Cell>)[a.Role.ToString(), a.Reviewer, Utc(a.SignedAt), a.Comment, a.DecisionHash,
                    a.Valid ? new Cell("Valid", Bold: true, Color: Pass) : new Cell("Invalidated: " + a.InvalidatedReason, Color: Fail)])], FontSize: 8));

        // 5. AI Card
        blocks.Add(new Heading(1, "4. AI Card"));
        blocks.AddRange(Card(s.Card, EvidenceReader.BoundCardRevision(f.DecisionInputsJson)));

        // 6. Evaluations
        blocks.Add(new Heading(1, "5. Evaluations"));
        blocks.AddRange(PackSections.Evaluations(s.Evaluations));

        // 7. Lineage
        blocks.Add(new Heading(1, "6. Lineage"));
        blocks.AddRange(PackSections.Lineage(s));

        // 8. Findings
        blocks.Add(new Heading(1, "7. Findings"));
        blocks.AddRange(PackSections.Findings(s.Findings));

        // 9. Audit excerpt
        blocks.Add(new Heading(1, "8. Audit excerpt"));
        blocks.AddRange(PackSections.Audit(f.Audit, f.AuditTotal));

        // 10. Compliance mapping
        blocks.Add(new Heading(1, "9. Compliance mapping"));
        blocks.AddRange(Coverage(f.Coverage));

        // 11. Release attestation
        blocks.Add(new Heading(1, "10. Release attestation"));
        if (!f.Approved) blocks.Add(new Paragraph("The request is not approved: no release attestation exists."));
        else if (f.Release is { Allowed: true, Attestation: { } env })
        {
            blocks.Add(new Paragraph("The portal's release decision for this digest, use and stage allows the release at issue time. The DSSE envelope below "
                + "(in-toto Statement v1, ECDSA P-256) verifies offline with the public key published at /api/v1/attestation-keys."));
            blocks.Add(KeyValues([("Key id", env.Signatures[0].KeyId), ("Payload type", env.PayloadType)]));
            blocks.Add(new Pdf.CodeBlock(JsonSerializer.Serialize(env, new JsonSerializerOptions { WriteIndented = true })));
        }
        else blocks.Add(new Callout("Release denied at issue", string.Join(" ", f.Release?.Reasons ?? ["The release decision could not be made."]), Fail));

        // 12. Appendix
        blocks.Add(new Heading(1, "11. Appendix: artifacts"));
        blocks.Add(Artifacts(ArtifactRows(f)));
        if (f.BoundPolicy is { } policy)
        {
            blocks.Add(new Heading(2, $"Policy YAML: {policy.RiskTier} → {policy.TargetStage} v{policy.Version}"));
            blocks.Add(new Pdf.CodeBlock(policy.Yaml));
        }

        return new PdfDocumentSpec(new PdfMetadata($"Evidence pack {f.Stamp.PackId}: {r.ModelName} {r.Version} → {r.Stage}", f.Stamp.IssuedBy,
            $"Promotion {r.Id} of {r.ModelName}@{r.Version} for {r.Use}", f.Stamp.IssuedAt, $"evidence pack; {r.ModelName}; {r.Sha256}", "GovernancePortal"), blocks)
        {
            HeaderLeft = $"Evidence pack {f.Stamp.PackId}",
            HeaderRight = $"{r.ModelName}@{r.Version} → {r.Stage} · {r.Use}",
            FooterLeft = $"Issued {Utc(f.Stamp.IssuedAt)} by {f.Stamp.IssuedBy} · audit head #{f.Stamp.AuditHeadSequence}",
        };
    }

    public static IEnumerable<(string Name, string Kind, string Sha)> ArtifactRows(PromotionPackFacts f)
    {
        var s = f.Subject;
        yield return ($"{s.ModelName} {s.Version.Version} ({s.Version.ArtifactUri})", "Model artifact", s.Version.Sha256);
        if (s.Card is { } c) yield return ($"AI Card revision {c.Revision}", "AI Card", c.Sha256);
        foreach (var e in s.Evaluations)
            if (e.Evaluation.ArtifactSha256 is { } rep) yield return ($"{e.Evaluation.Kind} report {e.Evaluation.EvaluatedAt:yyyy-MM-dd}", "Evaluation report", rep);
        yield return ("Decision (request)", "Decision hash", f.Request.DecisionHash);
        if (f.BoundPolicy is { } p) yield return ($"Policy {p.RiskTier} → {p.TargetStage} v{p.Version}", "Policy YAML", Sha(p.Yaml));
        if (f.Stamp.AuditHeadHash.Length > 0) yield return ($"Audit entry #{f.Stamp.AuditHeadSequence}", "Audit head", f.Stamp.AuditHeadHash);
    }

    public static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
