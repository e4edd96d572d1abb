namespace GovernancePortal.Web.Features.Evaluations.Upload;

/// <summary>
/// A read-only stream that reports how many bytes have been read from the stream it wraps (the upload's progress). The
/// wrapped stream is opened at the first read, so a second file (robustness's perturbed predictions) is not pulled from
/// the browser while the service is still reading the first.
/// </summary>
public sealed class ProgressStream(Func<Stream> open, Action<long> progress) : Stream
{
    private readonly Lazy<Stream> inner = new(open);
    private long position;

    public ProgressStream(Stream inner, Action<long> progress) : this(() => inner, progress) { }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Value.Length;
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Advance(inner.Value.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Advance(await inner.Value.ReadAsync(buffer, ct));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private int Advance(int read)
    {
        position += read;
        if (read > 0) progress(position);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && inner.IsValueCreated) inner.Value.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (inner.IsValueCreated) await inner.Value.DisposeAsync();
        await base.DisposeAsync();
    }
}
