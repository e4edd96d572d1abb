using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovernancePortal.Core.Features.Evaluations.Files;
using GovernancePortal.Core.Features.ServiceIdentities;
using GovernancePortal.IntegrationTests.Api;
using GovernancePortal.IntegrationTests.Infrastructure;

namespace GovernancePortal.IntegrationTests.Evaluations;

/// <summary>
/// The sweep of the evidence store (ADR 0050) against the real register: a kept file an evidence row names survives
/// however old; a stored file nobody names and leftover temporary files go once untouched for an hour, not before.
/// </summary>
public sealed class EvidenceFileSweepTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly DateTime TwoHoursAgo = DateTime.UtcNow.AddHours(-2);

    private FileSystemEvidenceFileStore Store => (FileSystemEvidenceFileStore)factory.Get<IEvidenceFileStore>();

    private static void Age(string path)
    {
        File.SetLastWriteTimeUtc(path, TwoHoursAgo);
        File.SetLastAccessTimeUtc(path, TwoHoursAgo);
    }

    /// <summary>Bytes kept in the store with no evaluation naming them: what a rolled-back evaluation leaves.</summary>
    private async Task<string> OrphanAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var spooled = Path.Combine(Store.SpoolFolder, $"gp-upload-{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(spooled, bytes);
        await Store.KeepAsync(spooled, sha);
        return Store.PathOf(sha);
    }

    private string Leftover(string folder, string name, bool old)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "partial");
        if (old) Age(path);
        return path;
    }

    [Fact]
    public async Task Sweep_DeletesOldOrphansAndLeftovers_KeepsNamedFilesAndAnythingYoung()
    {
        var (admin, _) = await ApiClient.WithScopesAsync(factory, Scopes.ModelsWrite);
        var model = "sweep-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True((await admin.PostAsJsonAsync($"/api/v1/models/{model}/versions", new
        {
            version = "1.0.0", artifactUri = $"s3://m/{model}/1.0.0", sha256 = Sha.Of(model), framework = "sklearn 1.5",
        })).IsSuccessStatusCode);
        var (writer, _) = await ApiClient.WithScopesAsync(factory, Scopes.EvaluationsWrite);
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"category,prompt_id,outcome\njailbreak,{model},success\n")), "file", "a.csv" },
            { new StringContent("staging"), "environment" }, { new StringContent("csv"), "format" },
        };
        var response = await writer.PostAsync($"/api/v1/models/{model}/versions/1.0.0/evaluations/redteam", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var named = Store.PathOf((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!);
        Age(named);
        var oldOrphan = await OrphanAsync($"old orphan {Guid.NewGuid()}");
        Age(oldOrphan);
        var youngOrphan = await OrphanAsync($"young orphan {Guid.NewGuid()}");
        var oldSpool = Leftover(Store.SpoolFolder, $"gp-upload-{Guid.NewGuid():N}.tmp", old: true);
        var youngSpool = Leftover(Store.SpoolFolder, $"gp-upload-{Guid.NewGuid():N}.tmp", old: false);
        var oldCopy = Leftover(Path.GetDirectoryName(youngOrphan)!, $".{Path.GetFileName(youngOrphan)}.{Guid.NewGuid():N}.tmp", old: true);

        var swept = await factory.Get<EvidenceFileSweep>().RunAsync();

        Assert.True(File.Exists(named), "a file an evidence row names is never swept");
        Assert.False(File.Exists(oldOrphan));
        Assert.True(File.Exists(youngOrphan), "an orphan younger than an hour may belong to an evaluation still committing");
        Assert.False(File.Exists(oldSpool));
        Assert.True(File.Exists(youngSpool), "a young spool file may be an upload in progress");
        Assert.False(File.Exists(oldCopy));
        Assert.True(swept.Orphans >= 1 && swept.Leftovers >= 2, swept.ToString());
        // The named file still downloads intact.
        Assert.Equal(StoredFileState.Intact, (await Store.OpenVerifiedAsync(Path.GetFileName(named))).State);
        File.Delete(youngSpool);
    }
}
