using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using GovernancePortal.Core.Audit;
using GovernancePortal.Core.Common;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Compliance;
using GovernancePortal.Core.Features.Evidence;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Attestation;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace GovernancePortal.IntegrationTests.Evidence;

/// <summary>Evidence packs of the demo register, read back from the PDF, verified and signed.</summary>
public class EvidencePackTests(PortalFactory factory) : IClassFixture<PortalFactory>
{

    private async Task<PromotionRow> ApprovedFraudAsync() =>
        (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Approved, pageSize: 200)).Items
            .Where(r => r.ModelName == "fraud-gbt" && r.Version == "4.3.0" && r.Stage == Stage.Staging).OrderByDescending(r => r.CreatedAt).First();

    [Fact]
    public async Task The_approved_fraud_pack_has_every_section_approval_digest_and_decision_hash_as_text_and_is_recorded_in_the_audit_chain()
    {
        var request = await ApprovedFraudAsync();
        var issued = await factory.Get<EvidencePackService>().IssuePromotionPackAsync(PortalFactory.Compliance, request.Id);
        Assert.True(issued.Succeeded, issued.Error?.Message);
        var doc = issued.Value!;
        Directory.CreateDirectory(EvidenceFiles.Artefacts);
        var pdfPath = Path.Combine(EvidenceFiles.Artefacts, "fraud-gbt-4.3.0-staging.pdf");
        await File.WriteAllBytesAsync(pdfPath, doc.Content);

        var text = EvidenceFiles.AllText(doc.Content);
        string[] sections = ["1. Summary", "2. Gate checklist", "3. Approvals", "4. AI Card", "5. Evaluations", "6. Lineage", "7. Findings",
            "8. Audit excerpt", "9. Compliance mapping", "10. Release attestation", "11. Appendix: artifacts"];
        // Each section is listed in the contents, then appears as a heading in order after them.
        var contents = text.IndexOf("Contents", StringComparison.Ordinal);
        Assert.True(contents >= 0);
        var last = text.IndexOf(sections[^1], contents, StringComparison.Ordinal);
        Assert.True(last > contents, "the contents list the appendix");
        foreach (var s in sections)
        {
            var at = text.IndexOf(s, last + 1, StringComparison.Ordinal);
            Assert.True(at > last, $"section '{s}' missing or out of order");
            last = at;
        }
        foreach (var a in request.Approvals)
        {
            Assert.Contains(a.Reviewer, text);
            Assert.Contains(a.Role.ToString(), text);
        }
        var compact = text.Replace(" ", "").Replace("\n", "");
        Assert.Contains(request.Sha256, compact);
        Assert.Contains(request.DecisionHash, compact);
        Assert.Contains(doc.PackId, text);
        Assert.Contains("application/vnd.in-toto+json", compact); // the release attestation envelope is printed
        using (var pdf = PdfDocument.Open(doc.Content))
        {
            Assert.Equal(doc.Pages, pdf.NumberOfPages);
            Assert.Contains("fraud-gbt", pdf.Information.Title);
            Assert.Equal("compliance@demo.local", pdf.Information.Author);
            Assert.Contains($"Page 2 of {pdf.NumberOfPages}", pdf.GetPage(2).Text);
            Assert.Contains(doc.PackId, pdf.GetPage(2).Text); // running header
        }

        await using var db = factory.NewDb();
        var row = await db.Set<IssuedPack>().SingleAsync(p => p.PackId == doc.PackId);
        Assert.Equal(doc.Sha256, row.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(doc.Content)), row.Sha256);
        Assert.Equal("compliance@demo.local", row.IssuedBy);
        Assert.Equal(request.Id, row.PromotionId);
        var audit = await db.AuditEntries.Where(e => e.EntityId == doc.PackId).ToListAsync();
        Assert.Contains(audit, e => e.Actor == "compliance@demo.local" && e.After!.Contains(doc.Sha256));
        Assert.True((await factory.Get<AuditChainVerifier>().VerifyAsync()).Intact);

        EvidenceFiles.RenderPages(pdfPath, "fraud-pack");
    }

    [Fact]
    public async Task People_without_the_auditor_policy_cannot_issue_packs_and_nothing_is_recorded()
    {
        var request = await ApprovedFraudAsync();
        await using var db = factory.NewDb();
        var before = await db.Set<IssuedPack>().CountAsync();
        var result = await factory.Get<EvidencePackService>().IssuePromotionPackAsync(PortalFactory.Scientist, request.Id);
        Assert.IsType<Error.Forbidden>(result.Error);
        Assert.Equal(before, await db.Set<IssuedPack>().CountAsync());
    }

    [Fact]
    public async Task Verify_accepts_an_issued_pack_and_refuses_a_copy_with_one_changed_byte()
    {
        var request = await ApprovedFraudAsync();
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var response = await client.GetAsync($"/api/v1/promotions/{request.Id}/evidence-pack");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();

        var ok = await EvidenceFiles.Verify(client, pdf);
        Assert.True(ok.GetProperty("issued").GetBoolean());
        Assert.Equal(request.Id, ok.GetProperty("promotionId").GetGuid());
        Assert.StartsWith("EP-", ok.GetProperty("packId").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), ok.GetProperty("sha256").GetString());
        Assert.NotEqual(JsonValueKind.Null, ok.GetProperty("issuedAt").ValueKind);

        var altered = (byte[])pdf.Clone();
        altered[altered.Length / 2] ^= 0x01;
        var bad = await EvidenceFiles.Verify(client, altered);
        Assert.False(bad.GetProperty("issued").GetBoolean());
        Assert.Equal(JsonValueKind.Null, bad.GetProperty("packId").ValueKind);
    }

    [Fact]
    public async Task The_zip_form_carries_a_manifest_signed_with_the_attestation_key_that_verifies_with_the_public_key_alone()
    {
        var request = await ApprovedFraudAsync();
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var zipBytes = await client.GetByteArrayAsync($"/api/v1/promotions/{request.Id}/evidence-pack?format=zip");
        Assert.True((await EvidenceFiles.Verify(client, zipBytes)).GetProperty("issued").GetBoolean());

        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        byte[] Read(string name) { using var s = zip.GetEntry(name)!.Open(); using var ms = new MemoryStream(); s.CopyTo(ms); return ms.ToArray(); }
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("manifest.json", names);
        Assert.Contains("manifest.dsse.json", names);
        Assert.Contains("ai-card.cdx.json", names);
        Assert.Contains("ai-card.README.md", names);
        Assert.Contains("policy.yaml", names);
        var pdfName = Assert.Single(names, n => n.EndsWith(".pdf", StringComparison.Ordinal));
        // The PDF inside is itself an issued pack.
        Assert.True((await EvidenceFiles.Verify(client, Read(pdfName))).GetProperty("issued").GetBoolean());

        // Offline: only the published public key (anonymous endpoint) and the envelope.
        var keys = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/attestation-keys");
        var envelope = JsonSerializer.Deserialize<DsseEnvelope>(Read("manifest.dsse.json"))!;
        var keyId = envelope.Signatures[0].KeyId;
        var pem = keys.EnumerateArray().First(k => k.GetProperty("keyId").GetString() == keyId).GetProperty("pem").GetString()!;
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(pem);
        Assert.True(Dsse.Verify(envelope, publicKey, keyId));
        Assert.Equal(EvidencePackService.ManifestPayloadType, envelope.PayloadType);
        var manifest = Read("manifest.json");
        Assert.Equal(manifest, Convert.FromBase64String(envelope.Payload));
        var parsed = JsonDocument.Parse(manifest).RootElement;
        Assert.Equal(request.Sha256, parsed.GetProperty("promotion").GetProperty("sha256").GetString());
        var pdfEntry = parsed.GetProperty("files").EnumerateArray().First(f => f.GetProperty("name").GetString() == pdfName);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Read(pdfName))), pdfEntry.GetProperty("sha256").GetString());

        // The documented offline script (docs/verify-evidence.sh) accepts the pack and refuses a tampered manifest.
        Directory.CreateDirectory(EvidenceFiles.Artefacts);
        var zipPath = Path.Combine(EvidenceFiles.Artefacts, "fraud-pack.zip");
        var pemPath = Path.Combine(EvidenceFiles.Artefacts, "portal.pem");
        await File.WriteAllBytesAsync(zipPath, zipBytes);
        await File.WriteAllTextAsync(pemPath, pem);
        var (code, output) = EvidenceFiles.RunScript(zipPath, pemPath);
        Assert.True(code == 0, output);
        Assert.Contains("Verified OK", output);
        var tamperedZip = Path.Combine(EvidenceFiles.Artefacts, "fraud-pack-tampered.zip");
        File.Copy(zipPath, tamperedZip, overwrite: true);
        using (var t = ZipFile.Open(tamperedZip, ZipArchiveMode.Update))
        {
            t.GetEntry("manifest.json")!.Delete();
            using var w = new StreamWriter(t.CreateEntry("manifest.json").Open());
            w.Write(System.Text.Encoding.UTF8.GetString(manifest).Replace("\"Approved\"", "\"Rejected\""));
        }
        Assert.NotEqual(0, EvidenceFiles.RunScript(tamperedZip, pemPath).Code);

        // A tampered manifest no longer verifies.
        var tampered = envelope with { Payload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(manifest).Replace("Approved", "Rejected"))) };
        Assert.False(Dsse.Verify(tampered, publicKey, keyId));
    }

    [Fact]
    public async Task Version_history_and_annex_iv_documents_come_from_the_api_and_say_what_is_missing()
    {
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var history = await client.GetAsync("/api/v1/models/fraud-gbt/versions/4.3.0/evidence-pack");
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        var historyText = EvidenceFiles.AllText(await history.Content.ReadAsByteArrayAsync());
        Assert.Contains("Promotion requests", historyText);
        Assert.Contains("Staging", historyText);
        Assert.Contains("Production", historyText);

        var annex = await client.GetAsync("/api/v1/ai-systems/retail-credit-scoring/technical-documentation");
        Assert.Equal(HttpStatusCode.OK, annex.StatusCode);
        var annexBytes = await annex.Content.ReadAsByteArrayAsync();
        var text = EvidenceFiles.AllText(annexBytes);
        foreach (var item in new[] { "1. General description", "2. Development process and data", "3. Monitoring, functioning and control", "4. Appropriateness of the performance metrics",
            "5. Risk management system", "6. Changes through the lifecycle", "7. Standards and specifications applied", "8. EU declaration of conformity", "9. Post-market monitoring" })
            Assert.Contains(item, text);
        Assert.Contains("The portal holds no signed EU declaration of conformity", text);
        Directory.CreateDirectory(EvidenceFiles.Artefacts);
        var path = Path.Combine(EvidenceFiles.Artefacts, "annex-iv-retail-credit-scoring.pdf");
        await File.WriteAllBytesAsync(path, annexBytes);
        EvidenceFiles.RenderPages(path, "annex-iv");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/ai-systems/no-such-system/technical-documentation")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/promotions/{Guid.NewGuid()}/evidence-pack?format=docx")).StatusCode);
    }

    [Fact]
    public async Task The_coverage_matrix_of_credit_scoring_marks_each_control_and_exports_csv()
    {
        var matrix = (await factory.Get<CoverageService>().MatrixAsync(PortalFactory.Compliance, "retail-credit-scoring")).Value!;
        Assert.Equal("credit-risk-xgb 1.1.0", matrix.ModelVersion); // the Production version
        Assert.Contains(matrix.Rows, r => r.Control.Id == "EUAIA-12" && r.Status == CoverageStatus.Satisfied);
        Assert.All(matrix.Rows.Where(r => r.Status != CoverageStatus.Satisfied), r => Assert.Contains(r.Evidence, e => !e.Met && e.Detail.Length > 0));
        var csv = CoverageService.ToCsv(matrix);
        Assert.StartsWith("ai_system,model_version,control", csv);
        Assert.Equal(matrix.Rows.Sum(r => r.Evidence.Count) + 1, csv.Trim().Split('\n').Length);
        Assert.IsType<Error.Forbidden>((await factory.Get<CoverageService>().MatrixAsync(PortalFactory.Scientist, "retail-credit-scoring")).Error);
    }

    [Fact]
    public async Task An_invalid_catalogue_is_refused_with_a_message_and_a_valid_one_becomes_the_next_version()
    {
        var service = factory.Get<CoverageService>();
        var bad = await service.SaveCatalogueAsync(PortalFactory.Admin, "name: x\ncontrols:\n  - id: A\n    framework: F\n    title: T\n    evidence: [made-up]\n", "test");
        Assert.Contains("unknown evidence made-up", bad.Error!.Message);
        Assert.IsType<Error.Forbidden>((await service.SaveCatalogueAsync(PortalFactory.Compliance, ControlCatalogueYaml.Default(), "test")).Error);
        var (before, _, _) = await service.CatalogueAsync();
        var saved = await service.SaveCatalogueAsync(PortalFactory.Admin, ControlCatalogueYaml.Default(), "re-saved");
        Assert.Equal(before + 1, saved.Value);
    }
}
