using System.Security.Cryptography;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// An uploaded file copied to a temporary file while it is hashed and measured, so the calculator reads it from disk
/// and the request body is read once. Refuses (and deletes) a file over the limit as soon as it passes it.
/// The spool lives in the evidence store's spool folder, so keeping the file is a rename (ADR 0040); whatever is still
/// here on dispose (a refused or failed upload) is deleted.
/// </summary>
public sealed class UploadSpool : IAsyncDisposable
{
    public string Path { get; }
    public string Sha256 { get; private set; } = "";
    public long SizeBytes { get; private set; }

    private UploadSpool(string path) => Path = path;

    /// <summary>The spooled file, or null when the upload is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<UploadSpool?> CreateAsync(Stream upload, long maxBytes, string folder, CancellationToken ct)
    {
        var spool = new UploadSpool(System.IO.Path.Combine(folder, $"gp-upload-{Guid.NewGuid():N}.tmp"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var file = await Storage(() => Task.FromResult(new FileStream(spool.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true)));
            try
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await upload.ReadAsync(buffer, ct)) > 0)
                {
                    spool.SizeBytes += read;
                    if (spool.SizeBytes > maxBytes)
                    {
                        await spool.DisposeAsync();
                        return null;
                    }
                    hash.AppendData(buffer, 0, read);
                    await Storage(async () => { await file.WriteAsync(buffer.AsMemory(0, read), ct); return 0; });
                }
            }
            finally
            {
                await Storage(async () => { await file.DisposeAsync(); return 0; });
            }
            spool.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The spool's own disk failed (full, missing folder, permissions), as opposed to the upload being unreadable:
    /// callers answer the client's mistakes with 400 and this with a server error that does not show the path.
    /// </summary>
    public sealed class StorageException(Exception inner) : Exception("The upload spool could not be written.", inner);

    private static async Task<T> Storage<T>(Func<Task<T>> operation)
    {
        try { return await operation(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new StorageException(e); }
    }

    public ValueTask DisposeAsync()
    {
        try { File.Delete(Path); } catch (IOException) { /* a leftover spool file holds no digest's name: harmless */ }
        return ValueTask.CompletedTask;
    }
}
