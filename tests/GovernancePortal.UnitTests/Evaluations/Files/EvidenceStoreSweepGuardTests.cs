using System.Security.Cryptography;
using System.Text;
using GovernancePortal.Core.Features.Evaluations.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovernancePortal.UnitTests.Evaluations.Files;

/// <summary>
/// The sweep deletes orphans one rolled-back upload at a time, never a whole store: an instance pointed at an empty or
/// wrong database sees every file unnamed, and must delete nothing.
/// </summary>
public sealed class EvidenceStoreSweepGuardTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"gp-sweep-{Guid.NewGuid():N}");
    private readonly FileSystemEvidenceFileStore store;

    public EvidenceStoreSweepGuardTests() =>
        store = new FileSystemEvidenceFileStore(Options.Create(new EvidenceFileStoreOptions { FileStore = root }), NullLogger<FileSystemEvidenceFileStore>.Instance);

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    /// <summary>Stores <paramref name="count"/> distinct files, last touched three hours ago.</summary>
    private async Task<List<string>> StoreOldFilesAsync(int count)
    {
        var digests = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes($"category,prompt_id,outcome\nleak,p{i},fail\n");
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var spooled = Path.Combine(store.SpoolFolder, $"gp-upload-{Guid.NewGuid():N}.tmp");
            await File.WriteAllBytesAsync(spooled, bytes);
            await store.KeepAsync(spooled, sha);
            var old = DateTime.UtcNow.AddHours(-3);
            File.SetLastWriteTimeUtc(store.PathOf(sha), old);
            File.SetLastAccessTimeUtc(store.PathOf(sha), old);
            digests.Add(sha);
        }
        return digests;
    }

    private Task<EvidenceSweep> SweepAsync(IReadOnlySet<string> named) =>
        store.SweepAsync(DateTime.UtcNow.AddHours(-1), (batch, _) => Task.FromResult<IReadOnlySet<string>>(batch.Where(named.Contains).ToHashSet()));

    [Fact]
    public async Task NoFileNamed_AsFromAnEmptyDatabase_NothingIsDeleted()
    {
        var digests = await StoreOldFilesAsync(FileSystemEvidenceFileStore.SuspiciousOrphans + 5);

        var swept = await SweepAsync(new HashSet<string>());

        Assert.Equal(0, swept.Orphans);
        Assert.All(digests, sha => Assert.True(File.Exists(store.PathOf(sha))));
    }

    [Fact]
    public async Task AFewUnnamedAmongNamedFiles_OnlyThoseAreDeleted()
    {
        var digests = await StoreOldFilesAsync(FileSystemEvidenceFileStore.SuspiciousOrphans + 5);
        var orphans = digests.Take(2).ToList();

        var swept = await SweepAsync(digests.Skip(2).ToHashSet());

        Assert.Equal(2, swept.Orphans);
        Assert.All(orphans, sha => Assert.False(File.Exists(store.PathOf(sha))));
        Assert.All(digests.Skip(2), sha => Assert.True(File.Exists(store.PathOf(sha))));
    }
}
