using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using GovernancePortal.Core.Domain;
using GovernancePortal.Core.Features.Promotions;
using GovernancePortal.Core.Features.Promotions.Attestation;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GovernancePortal.IntegrationTests.Evidence;

/// <summary>What the signed manifest of a promotion pack says about the evaluations: their source files and who judged them.</summary>
public class EvidencePackManifestTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PromotionRow> ApprovedFraudAsync() =>
        (await factory.Get<PromotionQueries>().ListAsync(PromotionStatus.Approved, pageSize: 200)).Items
            .Where(r => r.ModelName == "fraud-gbt" && r.Version == "4.3.0" && r.Stage == Stage.Staging).OrderByDescending(r => r.CreatedAt).First();

    [Fact]
    public async Task The_zip_manifest_names_each_computed_evaluations_source_files_judges_by_the_requested_stage_and_still_verifies_offline()
    {
        var request = await ApprovedFraudAsync();
        var (client, _) = await ApiClient.WithScopesAsync(factory, Scopes.Read);
        var zipBytes = await client.GetByteArrayAsync($"/api/v1/promotions/{request.Id}/evidence-pack?format=zip");
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        using var manifestStream = new MemoryStream();
        using (var s = zip.GetEntry("manifest.json")!.Open()) s.CopyTo(manifestStream);
        var manifest = JsonDocument.Parse(manifestStream.ToArray()).RootElement;

        await using var db = factory.NewDb();
        var version = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Model!.Name == request.ModelName && v.Version == request.Version);
        var evaluations = await db.Evaluations.AsNoTracking().Include(e => e.Upload).Where(e => e.ModelVersionId == version.Id && e.Upload != null).ToListAsync();
        var kept = await db.EvidenceFiles.AsNoTracking().ToDictionaryAsync(f => f.Sha256, f => f.SizeBytes);
        var computed = manifest.GetProperty("evaluations").EnumerateArray().Where(e => e.GetProperty("source").GetString() == "computed").ToList();
        Assert.True(computed.Count >= 2, "fraud-gbt 4.3.0 has computed bias and robustness evidence");
        foreach (var e in computed)
        {
            // The demo's bias and robustness evidence share the clean predictions file: the kind tells them apart.
            var upload = evaluations.Single(x => x.Kind.ToString() == e.GetProperty("kind").GetString() && x.Upload!.Sha256 == e.GetProperty("reportSha256").GetString()).Upload!;
            var expected = new List<(string, string?, string, long)>();
            expected.Add((upload.PerturbedSha256 is null ? "file" : "clean", upload.FileName, upload.Sha256, upload.SizeBytes));
            if (upload.PerturbedSha256 is { } p) expected.Add(("perturbed", upload.PerturbedFileName, p, upload.PerturbedSizeBytes!.Value));
            var named = e.GetProperty("sourceFiles").EnumerateArray().Select(f => (f.GetProperty("role").GetString()!, f.GetProperty("name").GetString(),
                f.GetProperty("sha256").GetString()!, f.GetProperty("sizeBytes").GetInt64())).ToList();
            Assert.Equal(expected, named);
            // Each named file is kept under that digest and size, so an auditor can download and re-hash it.
            Assert.All(named, f => Assert.Equal(f.Item4, kept[f.Item3]));
        }

        // Judged as the request's gate judged: by the policy it bound, for the stage requested (staging), never by another stage's.
        var judged = manifest.GetProperty("evaluations").EnumerateArray().SelectMany(e => e.GetProperty("judgedBy").EnumerateArray()).ToList();
        Assert.NotEmpty(judged);
        Assert.All(judged, j => Assert.Equal(request.Stage.ToString(), j.GetProperty("stage").GetString()));

        var keys = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/attestation-keys");
        var envelope = JsonSerializer.Deserialize<DsseEnvelope>(zip.GetEntry("manifest.dsse.json")!.Open())!;
        var pem = keys.EnumerateArray().First(k => k.GetProperty("keyId").GetString() == envelope.Signatures[0].KeyId).GetProperty("pem").GetString()!;
        Directory.CreateDirectory(EvidenceFiles.Artefacts);
        var zipPath = Path.Combine(EvidenceFiles.Artefacts, "fraud-pack-source-files.zip");
        var pemPath = Path.Combine(EvidenceFiles.Artefacts, "portal-source-files.pem");
        await File.WriteAllBytesAsync(zipPath, zipBytes);
        await File.WriteAllTextAsync(pemPath, pem);
        var (code, output) = EvidenceFiles.RunScript(zipPath, pemPath);
        Assert.True(code == 0, output);
        Assert.Contains("Verified OK", output);
    }
}
