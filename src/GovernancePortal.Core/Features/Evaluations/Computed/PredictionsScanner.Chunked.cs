using System.Runtime.ExceptionServices;
using Microsoft.Win32.SafeHandles;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

public static partial class PredictionsScanner
{
    /// <summary>
    /// The chunked scan alone, for tests: true when it answered (the counts or the refusal the one-pass scan would give);
    /// false when it left the file to the one-pass scan.
    /// </summary>
    internal static bool TryScanInChunks(Stream file, PredictionsOptions options, int chunks, out PredictionsError? error, out PredictionsScan? scan) =>
        ChunkedScan.TryScan(file, options, chunks, out error, out scan, CancellationToken.None);

    /// <summary>
    /// A CSV file read in chunks on several cores at once (ADR 0054): each chunk, split at a line break, counts into its
    /// own <see cref="ScanState"/>, and the states are merged in file order into exactly what one pass would have left
    /// (integer counts, values numbered as first seen, first lines, scores in file order). It only ever answers for a
    /// file it can answer for exactly as the one-pass scan does; otherwise (a quote character anywhere, since a quoted
    /// field may hold a line break; a refusal met in a later chunk, or a cap passed on merging, since which line is named
    /// depends on everything before it; a weighted file, a non-UTF-8 byte-order mark, a stream that is not a file) it
    /// answers false and the one-pass scan reads the file. It cuts wall time, not CPU time.
    /// </summary>
    private static class ChunkedScan
    {
        /// <summary>Below this a file is read on one core: starting a worker and merging would cost more than they save.</summary>
        private const long MinBytesPerChunk = 4 << 20;
        private const int TextBuffer = 1 << 16;

        public static bool TryScan(Stream file, PredictionsOptions options, int chunks, out PredictionsError? error, out PredictionsScan? scan, CancellationToken ct)
        {
            error = null;
            scan = null;
            if (options.WeightColumn is not null || file is not FileStream { CanSeek: true } fs || fs.Position != 0) return false;
            var handle = fs.SafeFileHandle;
            var length = RandomAccess.GetLength(handle);
            var workers = 0;
            if (chunks == 0)
            {
                workers = ScanWorkers.Take((int)Math.Min(length / MinBytesPerChunk - 1, ScanWorkers.Cap));
                if (workers == 0) return false;
                chunks = workers + 1;
            }
            try
            {
                return Starts(handle, length, chunks) is { } starts && Run(handle, length, starts, options, out error, out scan, ct);
            }
            finally
            {
                ScanWorkers.Return(workers);
            }
        }

        /// <summary>
        /// Where each chunk starts: the first line after the header, then just after the first line break at or past
        /// each even share of the rest, so every chunk holds at least one row. Null when the file cannot be split.
        /// </summary>
        private static long[]? Starts(SafeFileHandle handle, long length, int chunks)
        {
            var probe = new byte[TextBuffer];
            // A UTF-16 or UTF-32 file (its byte-order mark, or a leading zero byte) has line breaks of more than one byte.
            if (RandomAccess.Read(handle, probe, 0) == 0 || probe[0] is 0xFF or 0xFE or 0x00) return null;
            var firstRow = LineAfter(handle, 0, probe);
            if (firstRow < 0) return null;
            List<long> starts = [0];
            for (var k = 1; k < chunks; k++)
            {
                var start = LineAfter(handle, firstRow + (length - firstRow) * k / chunks, probe);
                if (start < 0 || start >= length) break;
                if (start > starts[^1]) starts.Add(start);
            }
            return starts.Count > 1 ? [.. starts] : null;
        }

        /// <summary>The offset just after the first line break at or after <paramref name="from"/>; -1 when there is none.</summary>
        private static long LineAfter(SafeFileHandle handle, long from, byte[] buffer)
        {
            for (int n; (n = RandomAccess.Read(handle, buffer, from)) > 0; from += n)
                if (buffer.AsSpan(0, n).IndexOf((byte)'\n') is var at and >= 0) return from + at + 1;
            return -1;
        }

        private sealed class Part(long start, long end, ScanState state)
        {
            public readonly long Start = start, End = end;
            public readonly ScanState State = state;
            public PredictionsError? Error;
            public Exception? Failure;
            public long LastLine;
            public bool CutShort;
        }

        private static bool Run(SafeFileHandle handle, long length, long[] starts, PredictionsOptions options,
            out PredictionsError? error, out PredictionsScan? scan, CancellationToken ct)
        {
            error = null;
            scan = null;
            var fields = Fields(options, out var score, out var weight, out var sensitive);
            var parts = new Part[starts.Length];
            for (var k = 0; k < parts.Length; k++)
                parts[k] = new Part(starts[k], k + 1 < starts.Length ? starts[k + 1] : length, new ScanState(options, score, weight, sensitive));
            var stop = new ChunkStream.Stop();
            // The first chunk reads the header, as the one-pass scan does (same decoder, byte-order mark and all); its
            // separator and columns are every later chunk's.
            var first = new ChunkStream(handle, 0, parts[0].End, stop);
            if (CsvRows.Open(new StreamReader(first, null, true, TextBuffer), fields, out var head) is not null) return false;
            using var done = new CountdownEvent(parts.Length);
            var next = 0;
            void Claim()
            {
                for (int k; (k = Interlocked.Increment(ref next)) < parts.Length;)
                    Count(parts[k], handle, stop, ct, rows => CsvRows.Headerless(rows, head), done);
            }
            // Pool threads may start late on a busy server: whoever is free claims the next chunk, the caller included.
            for (var k = 1; k < parts.Length; k++) Task.Run(Claim, CancellationToken.None);
            Count(parts[0], head, first, stop, ct, done);
            Claim();
            done.Wait(CancellationToken.None);

            if (parts.FirstOrDefault(p => p.Failure is not null) is { } failed) ExceptionDispatchInfo.Throw(failed.Failure!);
            // The first chunk's state is the one-pass scan's own up to its refusal, as long as it read its bytes whole.
            if (parts[0].Error is { } early && !parts[0].CutShort) { error = early; return true; }
            if (stop.Requested) return false;
            var offset = 0L;
            for (var k = 1; k < parts.Length; k++)
                if (!parts[0].State.Merge(parts[k].State, offset += parts[k - 1].LastLine)) return false;
            error = parts[0].State.Finish(out scan);
            return true;
        }

        private static void Count(Part part, SafeFileHandle handle, ChunkStream.Stop stop, CancellationToken ct, Func<TextReader, CsvRows> open, CountdownEvent done)
        {
            var stream = new ChunkStream(handle, part.Start, part.End, stop);
            CsvRows rows;
            try
            {
                // No byte-order mark is looked for mid-file: U+FEFF there is text, as it is to the one-pass scan's decoder.
                rows = open(new StreamReader(stream, null, false, TextBuffer));
            }
            catch (Exception e)
            {
                part.Failure = e;
                stop.Requested = true;
                done.Signal();
                return;
            }
            Count(part, rows, stream, stop, ct, done);
        }

        private static void Count(Part part, CsvRows rows, ChunkStream stream, ChunkStream.Stop stop, CancellationToken ct, CountdownEvent done)
        {
            try
            {
                part.Error = AccumulateRows(ref rows, part.State, ct);
                part.LastLine = rows.Line;
            }
            catch (Exception e)
            {
                part.Failure = e;
            }
            finally
            {
                rows.Dispose();
                part.CutShort = stream.CutShort;
                // A refusal anywhere: the others stop reading (their counts are no longer wanted).
                if (part.Error is not null || part.Failure is not null) stop.Requested = true;
                done.Signal();
            }
        }
    }

    /// <summary>
    /// The extra threads chunked scans may use at once in this process, min(cores, 4) − 1 in all: several uploads at
    /// once share them rather than multiply them, and a scan that finds none free reads on its own thread alone.
    /// </summary>
    internal static class ScanWorkers
    {
        public static readonly int Cap = Math.Min(Environment.ProcessorCount, 4) - 1;
        private static int free = Cap;

        /// <summary>Up to <paramref name="wanted"/> workers, as many as are free; 0 when none are.</summary>
        public static int Take(int wanted)
        {
            while (true)
            {
                var now = Volatile.Read(ref free);
                var taken = Math.Min(now, wanted);
                if (taken <= 0) return 0;
                if (Interlocked.CompareExchange(ref free, now - taken, now) == now) return taken;
            }
        }

        public static void Return(int taken)
        {
            if (taken > 0) Interlocked.Add(ref free, taken);
        }
    }
}
