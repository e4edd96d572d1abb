namespace GovernancePortal.Core.Features.Monitoring;

public sealed partial class ValueSketch
{
    /// <summary>Version of the binary layout written by <see cref="ToBytes"/>; bump it when the layout or γ changes.</summary>
    public const byte FormatVersion = 1;

    private const byte HasExact = 1, HasDistinct = 2, HasEdges = 4;

    /// <summary>
    /// Compact binary form (little-endian, counts and key ranges as 7-bit varints): version, flags, count, min, max,
    /// mean, M2, zero count, the positive and negative bucket ranges, then the exact values, distinct counts and producer
    /// bins when kept. A few kilobytes at most for a raw stream; grows with the number of buckets actually used.
    /// </summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(FormatVersion);
            w.Write((byte)((_exact is not null ? HasExact : 0) | (_distinct is not null ? HasDistinct : 0) | (_edges is not null ? HasEdges : 0)));
            w.Write7BitEncodedInt64(Count);
            w.Write(Min);
            w.Write(Max);
            w.Write(_mean);
            w.Write(_m2);
            w.Write7BitEncodedInt64(_zero);
            WriteStore(w, _positive);
            WriteStore(w, _negative);
            if (_exact is not null)
            {
                w.Write7BitEncodedInt(_exact.Count);
                foreach (var v in _exact) w.Write(v);
            }
            if (_distinct is not null)
            {
                w.Write7BitEncodedInt(_distinct.Count);
                foreach (var (v, c) in _distinct)
                {
                    w.Write(v);
                    w.Write7BitEncodedInt64(c);
                }
            }
            if (_edges is not null)
            {
                w.Write7BitEncodedInt(_edges.Length);
                foreach (var e in _edges) w.Write(e);
                foreach (var c in _edgeCounts!) w.Write7BitEncodedInt64(c);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote. Throws <see cref="FormatException"/> on anything else.</summary>
    public static ValueSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Read(bytes.ToArray());
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new FormatException("Not a value sketch: the bytes are truncated or malformed.", e);
        }
    }

    private static ValueSketch Read(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        var version = r.ReadByte();
        if (version != FormatVersion) throw new FormatException($"Value sketch format {version} is not supported (this build reads {FormatVersion}).");
        var flags = r.ReadByte();
        if ((flags & ~(HasExact | HasDistinct | HasEdges)) != 0) throw new FormatException("Value sketch: unknown flags.");
        var s = new ValueSketch
        {
            Count = NonNegative(r.Read7BitEncodedInt64()),
            Min = r.ReadDouble(),
            Max = r.ReadDouble(),
            _mean = r.ReadDouble(),
            _m2 = r.ReadDouble(),
            _zero = NonNegative(r.Read7BitEncodedInt64()),
        };
        var bucketed = s._zero + ReadStore(r, s._positive) + ReadStore(r, s._negative);
        s._exact = null;
        s._distinct = null;
        if ((flags & HasExact) != 0)
        {
            var n = r.Read7BitEncodedInt();
            if (n != s.Count || n > MaxExactValues) throw new FormatException("Value sketch: exact values do not match the count.");
            s._exact = new List<double>(n);
            for (var i = 0; i < n; i++) s._exact.Add(r.ReadDouble());
        }
        if ((flags & HasDistinct) != 0)
        {
            var n = r.Read7BitEncodedInt();
            if (n < 0 || n > MaxDistinctValues) throw new FormatException("Value sketch: too many distinct values.");
            s._distinct = new Dictionary<double, long>(n);
            for (var i = 0; i < n; i++) s._distinct[r.ReadDouble()] = NonNegative(r.Read7BitEncodedInt64());
            if (s._distinct.Values.Sum() != s.Count) throw new FormatException("Value sketch: distinct counts do not match the count.");
        }
        if ((flags & HasEdges) != 0)
        {
            var n = r.Read7BitEncodedInt();
            if (n < 2 || n - 1 > MaxProducerBins) throw new FormatException("Value sketch: producer bins out of range.");
            s._edges = new double[n];
            for (var i = 0; i < n; i++) s._edges[i] = r.ReadDouble();
            s._edgeCounts = new long[n - 1];
            for (var i = 0; i < n - 1; i++) s._edgeCounts[i] = NonNegative(r.Read7BitEncodedInt64());
            if (ValidateBins(s._edges, s._edgeCounts) is { } error) throw new FormatException("Value sketch: " + error);
            if (s._edgeCounts.Sum() != s.Count) throw new FormatException("Value sketch: producer counts do not match the count.");
        }
        if (bucketed != s.Count) throw new FormatException("Value sketch: bucket counts do not match the count.");
        if (r.BaseStream.Position != bytes.Length) throw new FormatException("Value sketch: unexpected bytes after the end.");
        return s;
    }

    private static void WriteStore(BinaryWriter w, LogBucketStore store)
    {
        w.Write7BitEncodedInt(store.BucketCount);
        if (store.IsEmpty) return;
        w.Write(store.MinKey);
        for (var k = store.MinKey; k <= store.MaxKey; k++) w.Write7BitEncodedInt64(store[k]);
    }

    private static long ReadStore(BinaryReader r, LogBucketStore store)
    {
        var n = r.Read7BitEncodedInt();
        if (n < 0 || n > LogBucketStore.MaxBuckets) throw new FormatException("Value sketch: bucket range out of bounds.");
        if (n == 0) return 0;
        var min = r.ReadInt32();
        long total = 0;
        for (var i = 0; i < n; i++)
        {
            var c = NonNegative(r.Read7BitEncodedInt64());
            if (c > 0) store.Add(min + i, c);
            total += c;
        }
        return total;
    }

    private static long NonNegative(long v) => v >= 0 ? v : throw new FormatException("Value sketch: negative count.");
}
