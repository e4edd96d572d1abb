using System.Security.Cryptography;
using System.Text;
using GovernancePortal.Core.Features.Evaluations.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovernancePortal.UnitTests.Evaluations.Files;

/// <summary>The content-addressed evidence store on a real temporary folder (ADR 0040).</summary>
public sealed class FileSystemEvidenceFileStoreTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"gp-store-{Guid.NewGuid():N}");
    private readonly FileSystemEvidenceFileStore store;

    public FileSystemEvidenceFileStoreTests() =>
        store = new FileSystemEvidenceFileStore(Options.Create(new EvidenceFileStoreOptions { FileStore = root }), NullLogger<FileSystemEvidenceFileStore>.Instance);

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string Spooled(byte[] bytes)
    {
        var path = Path.Combine(store.SpoolFolder, $"gp-upload-{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task KeepAsync_SpooledFile_IsRenamedUnderItsDigestWithFanOut_NothingElseLeftBehind()
    {
        var bytes = Encoding.UTF8.GetBytes("label,prediction\n1,1\n0,0\n");
        var sha = Sha(bytes);
        var spooled = Spooled(bytes);

        await store.KeepAsync(spooled, sha);

        var stored = Path.Combine(root, sha[..2], sha[2..4], sha);
        Assert.Equal(stored, store.PathOf(sha));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored));
        Assert.False(File.Exists(spooled));
        // Atomic: the only file in the digest's folder is the file itself (no temp copy), and the spool is empty.
        Assert.Equal([stored], Directory.GetFiles(Path.GetDirectoryName(stored)!));
        Assert.Empty(Directory.GetFiles(store.SpoolFolder));
    }

    [Fact]
    public async Task KeepAsync_FileFromElsewhere_IsCopiedBesideTheTargetThenRenamed()
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var sha = Sha(bytes);
        var elsewhere = Path.Combine(Path.GetTempPath(), $"gp-elsewhere-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(elsewhere, bytes);

        await store.KeepAsync(elsewhere, sha);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(sha)));
        Assert.False(File.Exists(elsewhere));
        Assert.Equal([store.PathOf(sha)], Directory.GetFiles(Path.GetDirectoryName(store.PathOf(sha))!));
    }

    [Fact]
    public async Task KeepAsync_SameDigestAgain_ReusesTheStoredFile_NotRewritten()
    {
        var bytes = Encoding.UTF8.GetBytes("category,prompt_id,outcome\njailbreak,p1,success\n");
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);
        var first = new FileInfo(store.PathOf(sha));
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first.FullName, stamp);

        var again = Spooled(bytes);
        await store.KeepAsync(again, sha);

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(store.PathOf(sha)));
        Assert.False(File.Exists(again));
        Assert.Empty(Directory.GetFiles(store.SpoolFolder));
    }

    [Fact]
    public async Task OpenVerifiedAsync_IntactFile_StreamsTheExactBytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);

        var read = await store.OpenVerifiedAsync(sha);

        Assert.Equal(StoredFileState.Intact, read.State);
        await using var content = read.Content!;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(bytes.Length, read.SizeBytes);
    }

    [Fact]
    public async Task OpenVerifiedAsync_ChangedFile_IsReportedCorrupted_WithoutAStream()
    {
        var bytes = Encoding.UTF8.GetBytes("label,prediction\n1,1\n");
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);
        await File.WriteAllTextAsync(store.PathOf(sha), "label,prediction\n1,0\n");

        var read = await store.OpenVerifiedAsync(sha);

        Assert.Equal(StoredFileState.Corrupted, read.State);
        Assert.Null(read.Content);
    }

    [Fact]
    public async Task OpenVerifiedAsync_DeletedFile_IsReportedMissing()
    {
        var sha = Sha(Encoding.UTF8.GetBytes("never stored"));
        Assert.Equal(StoredFileState.Missing, (await store.OpenVerifiedAsync(sha)).State);
    }

    [Fact]
    public async Task KeepAsync_OverADamagedCopy_RepairsItWithTheGoodBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("label,prediction\n1,1\n0,1\n");
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);
        await File.WriteAllTextAsync(store.PathOf(sha), "tampered");

        await store.KeepAsync(Spooled(bytes), sha);

        Assert.Equal(StoredFileState.Intact, (await store.OpenVerifiedAsync(sha)).State);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(sha)));
    }

    [Fact]
    public async Task OpenVerifiedAsync_LargeIntactFile_StreamsTheExactBytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(FileSystemEvidenceFileStore.InMemoryBytes * 3 + 12_345);
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);

        var read = await store.OpenVerifiedAsync(sha);

        await using var content = read.Content!;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, 8_000);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task OpenVerifiedAsync_LargeFileChangedInPlaceAfterTheCheck_ReadingItsEndThrows_TheLastBytesNeverGivenOut()
    {
        var bytes = RandomNumberGenerator.GetBytes(FileSystemEvidenceFileStore.InMemoryBytes * 2 + 100);
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);
        var read = await store.OpenVerifiedAsync(sha);
        Assert.Equal(StoredFileState.Intact, read.State);

        // Written into the same file (same inode) between the check and the send: the handle cannot avoid seeing it.
        await using (var writer = new FileStream(store.PathOf(sha), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            writer.Position = 10;
            writer.WriteByte((byte)(bytes[10] ^ 0xFF));
        }

        await using var content = read.Content!;
        var given = 0L;
        var buffer = new byte[8_000];
        await Assert.ThrowsAsync<IOException>(async () => { int n; while ((n = await content.ReadAsync(buffer)) > 0) given += n; });
        Assert.True(given < bytes.Length, $"{given} of {bytes.Length} bytes were given out");
    }

    [Fact]
    public async Task OpenVerifiedAsync_SmallFile_IsServedFromTheBytesItHashed_EvenIfTheFileChangesAfterwards()
    {
        var bytes = Encoding.UTF8.GetBytes("label,prediction\n1,1\n0,0\n");
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);
        var read = await store.OpenVerifiedAsync(sha);
        await File.WriteAllTextAsync(store.PathOf(sha), "label,prediction\n1,0\n0,0\n");

        await using var content = read.Content!;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task KeepAsync_ReusingAnOldUnnamedFile_FreshensIt_SoASweepBesideItKeepsIt()
    {
        var bytes = Encoding.UTF8.GetBytes("category,prompt_id,outcome\nleak,p1,fail\n");
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);
        var old = DateTime.UtcNow.AddHours(-3);
        File.SetLastWriteTimeUtc(store.PathOf(sha), old);
        // Read after written and within a day: a relatime mount does not move it on a plain read, only a freshen does.
        File.SetLastAccessTimeUtc(store.PathOf(sha), old.AddHours(1));

        // An upload of the same bytes reuses the file; its evaluation has not committed yet, so no row names it.
        await store.KeepAsync(Spooled(bytes), sha);
        var swept = await store.SweepAsync(DateTime.UtcNow.AddHours(-1), (_, _) => Task.FromResult<IReadOnlySet<string>>(new HashSet<string>()));

        Assert.Equal(0, swept.Orphans);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(sha)));
        Assert.Equal(old, File.GetLastWriteTimeUtc(store.PathOf(sha)), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SweepAsync_ASweepThatStoppedHalfway_PutsTheFileBack()
    {
        var bytes = Encoding.UTF8.GetBytes("category,prompt_id,outcome\nleak,p2,fail\n");
        var sha = Sha(bytes);
        await store.KeepAsync(Spooled(bytes), sha);
        var aside = Path.Combine(Path.GetDirectoryName(store.PathOf(sha))!, $".{sha}.sweep.tmp");
        File.Move(store.PathOf(sha), aside);

        await store.SweepAsync(DateTime.UtcNow.AddHours(-1), (digests, _) => Task.FromResult<IReadOnlySet<string>>(digests.ToHashSet()));

        Assert.False(File.Exists(aside));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(sha)));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    [InlineData("abc")]
    public void PathOf_NotALowerCaseHexDigest_IsRefused(string value) => Assert.Throws<ArgumentException>(() => store.PathOf(value));
}
