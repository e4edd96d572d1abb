using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace GovernancePortal.Core.Features.Evaluations.Files;

/// <summary>
/// The bytes of a kept file, read for sending after they were verified, hashed again as they are read, with the last
/// chunk held back until that hash is known. The send reads the same open handle the check read, so a file swapped by
/// rename cannot reach it; a write into the file itself (another process, a disk fault) can, between the check and the
/// send. Then the reader gets an <see cref="IOException"/> instead of the file's last bytes: the response dies short of
/// its Content-Length instead of completing with bytes that do not match its ETag and Repr-Digest.
/// </summary>
internal sealed class VerifyingReadStream : Stream
{
    private const int ChunkSize = 1 << 16;

    private readonly Stream inner;
    private readonly string sha256;
    private readonly long expectedLength;
    private readonly ILogger log;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] current = new byte[ChunkSize], ahead = new byte[ChunkSize];
    private int currentOffset, currentCount, aheadCount;
    private long position, hashed;
    private bool started, ended;

    /// <param name="inner">Positioned at 0, over the bytes just verified to hash to <paramref name="sha256"/>.</param>
    public VerifyingReadStream(Stream inner, string sha256, long expectedLength, ILogger log) =>
        (this.inner, this.sha256, this.expectedLength, this.log) = (inner, sha256, expectedLength, log);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => expectedLength;
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.Length == 0) return 0;
        if (!started)
        {
            started = true;
            currentCount = await FillAsync(current, ct);
            if (!ended) aheadCount = await FillAsync(ahead, ct);
        }
        if (currentOffset == currentCount)
        {
            if (aheadCount == 0) return 0;
            (current, ahead) = (ahead, current);
            (currentOffset, currentCount) = (0, aheadCount);
            aheadCount = ended ? 0 : await FillAsync(ahead, ct);
        }
        var n = Math.Min(buffer.Length, currentCount - currentOffset);
        current.AsMemory(currentOffset, n).CopyTo(buffer);
        currentOffset += n;
        position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    /// <summary>Fills a whole chunk unless the file ends first; at the end, checks the hash before any held-back byte is given out.</summary>
    private async Task<int> FillAsync(byte[] chunk, CancellationToken ct)
    {
        var n = 0;
        while (n < chunk.Length)
        {
            var read = await inner.ReadAsync(chunk.AsMemory(n), ct);
            if (read == 0) { ended = true; break; }
            n += read;
        }
        hash.AppendData(chunk, 0, n);
        hashed += n;
        if (ended && (hashed != expectedLength || Convert.ToHexStringLower(hash.GetHashAndReset()) != sha256))
        {
            log.LogError("Evidence file {Sha256} changed while it was being sent ({Bytes} bytes read, {Expected} verified); the download was cut off.",
                sha256, hashed, expectedLength);
            throw new IOException($"Evidence file {sha256} changed while it was being sent; the download was cut off before its end.");
        }
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) { inner.Dispose(); hash.Dispose(); }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        hash.Dispose();
        await base.DisposeAsync();
    }
}
