using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>
/// <see cref="IEvidenceFileStore"/> on a folder: <c>{root}/ab/cd/abcd…</c> (two-level fan-out by the first hex digits, so
/// no folder grows past 256 entries per level), uploads spooled in <c>{root}/.spool</c> on the same file system.
/// Keeping a file is fsync, then rename (atomic), then fsync of the folder, so a crash leaves either no file or the whole
/// file under its digest, never a partial one under a real name.
/// </summary>
public sealed partial class FileSystemEvidenceFileStore(IOptions<EvidenceFileStoreOptions> options, ILogger<FileSystemEvidenceFileStore> log,
    TimeProvider? time = null)
    : IEvidenceFileStore
{
    private const int BufferSize = 1 << 16;

    /// <summary>Files up to this size are read once into memory for a download (most evidence files are a few KiB).</summary>
    internal const int InMemoryBytes = 1 << 20;

    private string Root => Path.GetFullPath(options.Value.FileStore is { Length: > 0 } root ? root
        : throw new InvalidOperationException("Evidence:FileStore is not set: name the folder evidence files are kept in (ADR 0040)."));

    public string SpoolFolder => Directory.CreateDirectory(Path.Combine(Root, ".spool")).FullName;

    /// <summary>The path a digest is stored under; refuses anything that is not 64 lower-case hex digits (no path games).</summary>
    public string PathOf(string sha256)
    {
        if (!IsDigest(sha256)) throw new ArgumentException("Not a lower-case hex SHA-256.", nameof(sha256));
        return Path.Combine(Root, sha256[..2], sha256[2..4], sha256);
    }

    public static bool IsDigest(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigitLower);

    public async Task KeepAsync(string path, string sha256, CancellationToken ct = default)
    {
        var target = PathOf(sha256);
        var folder = Directory.CreateDirectory(Path.GetDirectoryName(target)!).FullName;
        if (File.Exists(target))
        {
            var existing = await CheckAsync(target, sha256, ct);
            // Reused, it is freshened so the sweep's grace period covers it until this evaluation commits (as git freshens
            // the objects it reuses); gone meanwhile (swept), the copy in hand is kept instead.
            if (existing == StoredFileState.Intact && Freshen(target))
            {
                File.Delete(path);
                return;
            }
            // A damaged copy is replaced by the good bytes in hand (a repair), and said loudly: something changed the store.
            if (existing == StoredFileState.Corrupted)
                log.LogError("Evidence file {Sha256} in the store was {State}; replacing it with the copy just uploaded.", sha256, existing);
        }

        // A rename is atomic only within one file system: the spool is on the store's; anything else is copied beside the target first.
        var source = Path.GetFullPath(path);
        if (!source.StartsWith(Path.GetFullPath(SpoolFolder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            var temp = Path.Combine(folder, $".{sha256}.{Guid.NewGuid():N}.tmp");
            await using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true))
            await using (var to = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
                await from.CopyToAsync(to, ct);
            File.Delete(source);
            source = temp;
        }
        try
        {
            FlushToDisk(source);
            File.Move(source, target, overwrite: true);
            FlushFolder(folder);
        }
        catch
        {
            try { File.Delete(source); } catch (IOException) { /* a stray temp file holds no digest's name */ }
            throw;
        }
    }

    public async Task<StoredFileRead> OpenVerifiedAsync(string sha256, CancellationToken ct = default)
    {
        var path = PathOf(sha256);
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            log.LogError("Evidence file {Sha256} is missing from the store ({Path}).", sha256, path);
            return new(StoredFileState.Missing, null, 0);
        }
        // Verified before the first byte is sent, because a 409 cannot follow a 200: damage found at rest answers a clear
        // conflict. A small file is read once into memory, hashed and served from those very bytes. A larger one is read
        // twice from this one handle (no rename can swap it in between), and the second read is hashed too, its last chunk
        // held back until that hash matches (VerifyingReadStream): a write into the file between the two reads cuts the
        // download short instead of completing it with other bytes. The cost is a second hash, from the page cache.
        try
        {
            var length = stream.Length;
            if (length <= InMemoryBytes)
            {
                var bytes = new byte[length];
                await stream.ReadExactlyAsync(bytes, ct);
                var extra = await stream.ReadAsync(new byte[1], ct);
                await stream.DisposeAsync();
                return extra == 0 && Convert.ToHexStringLower(SHA256.HashData(bytes)) == sha256
                    ? new(StoredFileState.Intact, new MemoryStream(bytes, writable: false), length)
                    : Corrupted(sha256, path);
            }
            if (await HashAsync(stream, ct) != sha256 || stream.Length != length)
            {
                await stream.DisposeAsync();
                return Corrupted(sha256, path);
            }
            stream.Position = 0;
            return new(StoredFileState.Intact, new VerifyingReadStream(stream, sha256, length, log), length);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private StoredFileRead Corrupted(string sha256, string path)
    {
        log.LogError("Evidence file {Sha256} in the store no longer hashes to its name ({Path}): it was changed or damaged.", sha256, path);
        return new(StoredFileState.Corrupted, null, 0);
    }

    private static async Task<StoredFileState> CheckAsync(string path, string sha256, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
            return await HashAsync(stream, ct) == sha256 ? StoredFileState.Intact : StoredFileState.Corrupted;
        }
        catch (FileNotFoundException) { return StoredFileState.Missing; }
    }

    private static async Task<string> HashAsync(Stream stream, CancellationToken ct) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));

    /// <summary>fsync of the file's bytes, before its name makes it visible.</summary>
    private static void FlushToDisk(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// fsync of the folder, so the rename itself survives a crash (POSIX; .NET cannot open a folder, hence libc). Other
    /// systems make renames durable in their own journal.
    /// </summary>
    private static void FlushFolder(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"Cannot open {folder} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"Cannot flush {folder} (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally { _ = Close(fd); }
    }

    // DllImport rather than LibraryImport: the generator needs unsafe code enabled for the whole assembly.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
