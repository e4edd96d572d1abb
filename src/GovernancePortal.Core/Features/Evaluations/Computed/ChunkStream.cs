using Microsoft.Win32.SafeHandles;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// One byte range of a file, read with positional reads (no shared position, so several ranges of one handle are read at
/// once), for a chunked predictions scan. It ends early, and asks every other range to, at the first quote character:
/// a quoted field may hold a line break, so a range split at a line break may have begun inside a field, and the scan
/// then leaves the file to the one-pass reader. It also ends early when another range asks it to.
/// </summary>
internal sealed class ChunkStream(SafeFileHandle handle, long start, long end, ChunkStream.Stop stop) : Stream
{
    /// <summary>Shared by the ranges of one scan.</summary>
    public sealed class Stop
    {
        public volatile bool Requested;
    }

    private long position = start;

    /// <summary>Whether the stream ended before its range did (a quote, or another range's stop).</summary>
    public bool CutShort { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (position >= end) return 0;
        if (stop.Requested) return Cut();
        var n = RandomAccess.Read(handle, buffer[..(int)Math.Min(buffer.Length, end - position)], position);
        if (n == 0 || buffer[..n].Contains((byte)'"'))
        {
            stop.Requested = true;
            return Cut();
        }
        position += n;
        return n;
    }

    private int Cut()
    {
        CutShort = true;
        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
