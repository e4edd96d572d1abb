using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// The distinct values of the label or prediction column, with the line each first occurs on. Few (2 to a handful of
/// classes): a linear scan over spans beats hashing and allocates nothing. Whether a value is the positive label is
/// decided once per distinct value, not per row.
/// </summary>
internal sealed class DistinctValues(string positiveLabel)
{
    /// <summary>More distinct values than this, and the column is not a label column.</summary>
    public const int MaxCount = 1000;

    private readonly List<(string Value, long Line, bool Positive)> values = [];
    // Values of one ASCII character (0 and 1, the usual labels) answered by a table: 0 not seen, 1 negative, 3 positive
    // (both non-zero bits set, so KnownCell tests two entries with one AND).
    private readonly byte[] single = new byte[128];

    public byte[] Single => single;

    /// <summary>
    /// The confusion cell (2 × actual + predicted) when label and prediction are one ASCII character each and both
    /// already in their tables; -1 otherwise (the caller then asks <see cref="IsPositive"/>, which fills the tables).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int KnownCell(ReadOnlySpan<char> label, ReadOnlySpan<char> prediction, byte[] labels, byte[] predictions)
    {
        if (label.Length != 1 || prediction.Length != 1) return -1;
        uint a = label[0], b = prediction[0];
        if ((a | b) >= 128) return -1;
        int known = labels[a] & predictions[b], cell = (labels[a] & 2) | (predictions[b] >> 1);
        return known != 0 ? cell : -1;
    }

    public IEnumerable<string> Values => values.Select(v => v.Value);
    public IEnumerable<(string Value, long Line)> WithFirstLine => values.Select(v => (v.Value, v.Line));
    public bool Contains(string value) => values.Exists(v => v.Value == value);

    /// <summary>
    /// Adds the values a later chunk of the file saw that are not here yet, in the order it saw them, with their lines
    /// moved by <paramref name="lineOffset"/> (the chunk counted from 1): the values and first lines one pass would have.
    /// False when that would pass <see cref="MaxCount"/>; the caller then leaves the refusal to the one-pass scan.
    /// </summary>
    public bool Merge(DistinctValues later, long lineOffset)
    {
        foreach (var (value, line, positive) in later.values)
        {
            if (Contains(value)) continue;
            if (values.Count == MaxCount) return false;
            values.Add((value, line + lineOffset, positive));
            if (value.Length == 1 && value[0] < 128) single[value[0]] = positive ? (byte)3 : (byte)1;
        }
        return true;
    }

    /// <summary>Whether <paramref name="value"/> is the positive label; null when it would be one distinct value too many.</summary>
    public bool? IsPositive(ReadOnlySpan<char> value, long line)
    {
        if (value.Length == 1 && value[0] < 128 && single[value[0]] is var known && known != 0) return known == 3;
        foreach (var v in CollectionsMarshal.AsSpan(values))
            if (value.SequenceEqual(v.Value)) return v.Positive;
        if (values.Count == MaxCount) return null;
        var positive = value.SequenceEqual(positiveLabel);
        values.Add((value.ToString(), line, positive));
        if (value.Length == 1 && value[0] < 128) single[value[0]] = positive ? (byte)3 : (byte)1;
        return positive;
    }
}
