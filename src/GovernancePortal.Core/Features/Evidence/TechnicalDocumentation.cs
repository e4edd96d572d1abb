using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Cards;
using GovernancePortal.Core.Features.Compliance;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Pdf;
using static GovernancePortal.Core.Features.Evidence.PackSections;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>
/// Technical documentation of one AI system laid out along the EU AI Act's Annex IV items 1–9, filled from the register and
/// the AI Card of the version it runs. Every item ends with what is missing, so the document doubles as a to-do list.
/// </summary>
public static class TechnicalDocumentation
{
    public static PdfDocumentSpec Build(PackStamp stamp, AiSystem system, CoverageMatrix matrix, SubjectFacts? s, IReadOnlyList<PromotionRow> history,
        IReadOnlyList<(string Version, Stage Stage, string Sha256)> stages, IReadOnlyList<string> endpoints, IReadOnlyList<PromotionPolicy> policies)
    {
        var blocks = new List<Block>();
        blocks.AddRange(Cover("Technical documentation (EU AI Act Annex IV)", system.Name, stamp, [
            ("AI system", $"{system.Name} ({system.Key})"), ("Intended purpose", system.IntendedPurpose), ("Owner", $"{system.Owner}, {system.BusinessUnit}"),
            ("Risk tier", system.RiskTier.ToString()), ("Documented model version", matrix.ModelVersion ?? "none"),
        ]));
        var sections = s?.Card?.Sections ?? new Dictionary<string, string>();

        void Item(int n, string title, IEnumerable<Block> content, IEnumerable<string> missing)
        {
            blocks.Add(new Heading(1, $"{n}. {title}"));
            blocks.AddRange(content);
            var gaps = missing.ToList();
            blocks.Add(gaps.Count == 0 ? new Callout("Nothing missing", "The register and the AI Card hold what this item asks for.", Pass)
                : new Callout("Missing", string.Join(" ", gaps.Select(g => "• " + g)), Fail));
        }
        IEnumerable<Block> CardSection(string key)
        {
            if (!sections.TryGetValue(key, out var md) || string.IsNullOrWhiteSpace(md)) yield break;
            yield return new Pdf.Heading(3, CardSectionInfo.Title(key));
            foreach (var b in MarkdownBlocks.From(md, 4)) yield return b;
        }
        IEnumerable<string> Absent(params string[] keys) => s?.Card is null ? ["No published AI Card for the documented version."]
            : keys.Where(k => !sections.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).Select(k => $"AI Card section \"{CardSectionInfo.Title(k)}\" is empty.");

        Item(1, "General description of the AI system",
            [KeyValues([("Intended purpose", system.IntendedPurpose), ("Provider / owner", system.Owner), ("Business unit", system.BusinessUnit),
                ("Versions and stages", stages.Count == 0 ? "none" : string.Join("; ", stages.Select(x => $"{x.Version}: {x.Stage}")))]),
             .. CardSection(CardSections.IntendedUse), .. CardSection(CardSections.ModelDetails)],
            [.. stages.Count == 0 ? ["No model version is staged for this system."] : Array.Empty<string>(), .. Absent(CardSections.IntendedUse, CardSections.ModelDetails)]);

        Item(2, "Development process and data",
            [.. s is null ? [] : (IEnumerable<Block>)[KeyValues([("Artifact", s.Version.ArtifactUri), ("SHA-256", s.Version.Sha256), ("Framework", s.Version.Framework)])],
             .. CardSection(CardSections.TrainingData), .. CardSection(CardSections.EvaluationData), .. s is null ? [] : PackSections.Lineage(s)],
            [.. matrix.Rows.SelectMany(r => r.Evidence).Where(e => e.Key == "provenance" && !e.Met).Select(e => e.Detail).Distinct(),
             .. Absent(CardSections.TrainingData, CardSections.EvaluationData)]);

        Item(3, "Monitoring, functioning and control",
            [.. CardSection(CardSections.HumanOversight), .. CardSection(CardSections.Limitations), .. CardSection(CardSections.OutOfScopeUses)],
            Absent(CardSections.HumanOversight, CardSections.Limitations, CardSections.OutOfScopeUses));

        Item(4, "Appropriateness of the performance metrics",
            [.. s is null ? [] : PackSections.Evaluations(s.Evaluations), .. CardSection(CardSections.EvaluationResults), .. CardSection(CardSections.QuantitativeAnalysis)],
            [.. s is null || s.Evaluations.Count == 0 ? ["No evaluation is registered for the documented version."] : Array.Empty<string>(),
             .. Absent(CardSections.EvaluationResults, CardSections.QuantitativeAnalysis)]);

        Item(5, "Risk management system",
            [new Paragraph($"Promotions of {system.RiskTier}-risk uses are governed by these policies (gates and required co-signatures):"),
             policies.Count == 0 ? new Paragraph("No policy covers this risk tier.") : new Table([new("Stage", 1), new("Version", 0.7f), new("Saved", 1.4f), new("By", 1.5f)],
                [.. policies.Select(p => (IReadOnlyList<Cell>)[p.TargetStage.ToString(), p.Version.ToString(), Utc(p.CreatedAt), p.CreatedBy])]),
             .. CardSection(CardSections.RiskTier), .. CardSection(CardSections.EthicalLegal)],
            [.. policies.Count == 0 ? ["No promotion policy covers this risk tier."] : Array.Empty<string>(), .. Absent(CardSections.RiskTier, CardSections.EthicalLegal)]);

        Item(6, "Changes through the lifecycle",
            [history.Count == 0 ? new Paragraph("No promotion was requested for this system.") :
                new Table([new("Requested", 1.2f), new("Version", 1.6f), new("Stage", 0.9f), new("Status", 0.9f), new("Decided", 1.2f)],
                    [.. history.Select(r => (IReadOnlyList<Cell>)[Utc(r.CreatedAt), $"{r.ModelName} {r.Version}", r.Stage.ToString(), r.Status.ToString(), Utc(r.ClosedAt)])], FontSize: 8.5f),
             .. CardSection(CardSections.ChangeLog)],
            [.. history.All(r => r.Status != PromotionStatus.Approved) ? ["No approved promotion records a governed change."] : Array.Empty<string>(), .. Absent(CardSections.ChangeLog)]);

        Item(7, "Standards and specifications applied",
            PackSections.Coverage(matrix),
            matrix.Rows.Where(r => r.Status != CoverageStatus.Satisfied).Select(r => $"{r.Control.Id} ({r.Control.Title}) is {r.Status.ToString().ToLowerInvariant()}."));

        Item(8, "EU declaration of conformity",
            [new Paragraph("The declaration of conformity (Art. 47) is signed by the provider outside the portal; the portal keeps the evidence it rests on.")],
            ["The portal holds no signed EU declaration of conformity for this system: attach it to this document."]);

        Item(9, "Post-market monitoring",
            [endpoints.Count == 0 ? new Paragraph("No serving endpoint reports this system.") : BulletList.Of(endpoints),
             .. CardSection(CardSections.MonitoringPlan), .. s is null ? [] : PackSections.Findings(s.Findings)],
            [.. endpoints.Count == 0 ? ["No serving endpoint is reported, so nothing shows the system is observed in operation."] : Array.Empty<string>(), .. Absent(CardSections.MonitoringPlan)]);

        return new PdfDocumentSpec(new PdfMetadata($"Technical documentation {stamp.PackId}: {system.Name}", stamp.IssuedBy,
            $"EU AI Act Annex IV documentation of {system.Key}", stamp.IssuedAt, $"annex iv; technical documentation; {system.Key}", "GovernancePortal"), blocks)
        {
            HeaderLeft = $"Technical documentation {stamp.PackId}", HeaderRight = $"{system.Name} · Annex IV",
            FooterLeft = $"Issued {Utc(stamp.IssuedAt)} by {stamp.IssuedBy} · audit head #{stamp.AuditHeadSequence}",
        };
    }
}
