using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>Why a predictions file was refused: <see cref="Line"/> is the 1-based line in the file (0: the file as a whole).</summary>
public sealed record PredictionsError(long Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}

/// <summary>The counts one pass over a predictions file leaves: all rows, each (sensitive column, value), and the scores.</summary>
public sealed class PredictionsScan
{
    public required GroupCounts Overall { get; init; }
    /// <summary>Sensitive column → value → counts, columns in the order they were asked for.</summary>
    public required IReadOnlyList<(string Column, Dictionary<string, GroupCounts> Groups)> Columns { get; init; }
    /// <summary>
    /// Each scored row's score, paired with <see cref="ScoreIsPositive"/> by index. Not in file order once
    /// <see cref="ComputedMetrics.Performance"/> has run: it sorts the pairs in place (no copy of a million scores); the
    /// pairs stay together, so computing again gives the same result.
    /// </summary>
    public double[] Scores { get; init; } = [];
    public bool[] ScoreIsPositive { get; init; } = [];
    public int ScoreCount { get; init; }
    public bool HasScores { get; init; }
    public bool Weighted { get; init; }
}

/// <summary>
/// One streaming pass over a predictions file (CSV or JSON Lines, read through <see cref="IPredictionRows"/>): nothing is
/// allocated per row (group values are looked up as spans and interned once per distinct value), only the scores are
/// kept, as two flat arrays, for the exact ROC AUC. Any malformed row stops the scan with an error naming its line.
/// The one owner of the accumulation, whatever the format.
/// </summary>
public static partial class PredictionsScanner
{
    /// <summary>Recorded with every computed evaluation; bump it whenever a result for the same file could change.</summary>
    public const string ParserVersion = "predictions-csv/1";
    public const string JsonLinesParserVersion = "predictions-jsonl/1";

    public static string ParserVersionFor(PredictionsFormat format) => format == PredictionsFormat.JsonLines ? JsonLinesParserVersion : ParserVersion;

    // Keeps the longest per-group metric name (below_min_group_size:column=value) within the 100 characters a metric name may have.
    internal const int MaxGroupValueLength = 40;

    public static PredictionsError? Scan(Stream file, PredictionsOptions options, out PredictionsScan? scan, CancellationToken ct = default) =>
        Scan(file, options, out scan, chunks: 0, ct);

    /// <summary>
    /// <paramref name="chunks"/>: 0 lets the file's size and the free scan workers decide whether a CSV is read in
    /// chunks on several cores (ADR 0054); tests name a count to read even a small file that way.
    /// </summary>
    internal static PredictionsError? Scan(Stream file, PredictionsOptions options, out PredictionsScan? scan, int chunks, CancellationToken ct = default)
    {
        scan = null;
        var fields = Fields(options, out var score, out var weight, out var sensitive);
        if (options.Format == PredictionsFormat.JsonLines)
        {
            var jsonLines = new JsonLinesRows(file, fields);
            try
            {
                var state = new ScanState(options, score, weight, sensitive);
                return AccumulateRows(ref jsonLines, state, ct) ?? state.Finish(out scan);
            }
            finally
            {
                jsonLines.Dispose();
            }
        }
        if (ChunkedScan.TryScan(file, options, chunks, out var chunkedError, out scan, ct)) return chunkedError;
        if (CsvRows.Open(file, fields, out var csv) is { } notOpened) return notOpened;
        try
        {
            var state = new ScanState(options, score, weight, sensitive);
            return AccumulateRows(ref csv, state, ct) ?? state.Finish(out scan);
        }
        finally
        {
            csv.Dispose();
        }
    }

    /// <summary>The fields a scan reads, in a fixed order: label, prediction, then the optional score and weight, then the sensitive columns.</summary>
    private static List<string> Fields(PredictionsOptions options, out int score, out int weight, out int[] sensitive)
    {
        List<string> fields = [options.LabelColumn, options.PredictionColumn];
        score = options.ScoreColumn is { } s ? Add(fields, s) : -1;
        weight = options.WeightColumn is { } w ? Add(fields, w) : -1;
        sensitive = [.. options.Sensitive.Select(c => Add(fields, c))];
        return fields;
    }

    /// <summary>The row loop for these rows, instantiated with or without the score and weight reads (one owner of that choice).</summary>
    private static PredictionsError? AccumulateRows<TRows>(ref TRows rows, ScanState state, CancellationToken ct) where TRows : IPredictionRows =>
        state.HasExtras ? Accumulate<TRows, WithExtras>(ref rows, state, ct) : Accumulate<TRows, NoExtras>(ref rows, state, ct);

    /// <summary>
    /// The pass itself (the rows' counts into <paramref name="state"/>; the caller finishes it), generic so that for the CSV struct the JIT compiles a copy in which every field read is a direct,
    /// inlinable call into Sep instead of an interface call per field (five to seven a row). The loop holds only the
    /// per-row work of the usual row; everything rare (a label not yet in its table, a new group, a score or weight,
    /// every refusal) is in the never-inlined methods of <see cref="ScanState"/>, because with them inline the JIT ran
    /// out of registers and reloaded the loop's values from the stack on every row (docs/benchmarks.md). No stackalloc:
    /// a method with one is compiled fully optimised at once, without the tiering that profiles the loop.
    /// </summary>
    private static PredictionsError? Accumulate<TRows, TExtras>(ref TRows rows, ScanState state, CancellationToken ct)
        where TRows : IPredictionRows where TExtras : struct, IRowExtras
    {
        const int label = 0, prediction = 1;
        // Field and index side by side: one array read a column a row.
        var columns = state.Sensitive.Select((field, i) => (Field: field, Index: state.Indexes[i])).ToArray();
        var cells = state.Cells;
        var allCells = state.AllCells;
        byte[] labelTable = state.LabelValues.Single, predictionTable = state.PredictionValues.Single;
        long read = 0;
        PredictionsError? error;
        while (rows.MoveNext(out error))
        {
            if ((++read & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            // The usual case, one-character labels already seen (0/1), straight from the two tables; anything else out of line.
            var cell = DistinctValues.KnownCell(rows[label], rows[prediction], labelTable, predictionTable);
            if (cell < 0 && (cell = state.Cell(rows[label], rows[prediction], rows.Line, out error)) < 0) return error;
            // Compiled out of the copy for files without score and weight (TExtras is a struct: a constant per copy).
            if (TExtras.Present && (error = state.ScoreAndWeight(ref rows, cell)) is not null) return error;
            allCells[cell]++;
            ref var at = ref MemoryMarshal.GetArrayDataReference(cells);
            for (var i = 0; i < columns.Length; i++, at = ref Unsafe.Add(ref at, ScanState.Stride))
            {
                var (field, index) = columns[i];
                var group = index.FindRecent(rows[field]);
                if (group < 0 && (group = state.Group(ref rows, i, out error)) < 0) return error;
                // i < sensitive.Length, group < MaxGroupsPerColumn (refused above) and cell < 4: within the array.
                Unsafe.Add(ref at, 4 * group + cell)++;
                if (TExtras.Present) state.Weigh(i * ScanState.Stride + 4 * group + cell);
            }
        }
        return error;
    }

    /// <summary>Whether rows carry a score or a weight: a type argument, so the scan's loop is compiled once with and once without.</summary>
    private interface IRowExtras
    {
        static abstract bool Present { get; }
    }

    private struct WithExtras : IRowExtras
    {
        public static bool Present => true;
    }

    private struct NoExtras : IRowExtras
    {
        public static bool Present => false;
    }

    private static int Add(List<string> fields, string name)
    {
        var at = fields.IndexOf(name);
        if (at >= 0) return at;
        fields.Add(name);
        return fields.Count - 1;
    }

    /// <summary>A finite number in invariant notation (the same rule for every format).</summary>
    internal static bool TryNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Group values become part of metric names (<c>selection_rate:gender=F</c>), so they must be printable.</summary>
    internal static string? GroupValueProblem(ReadOnlySpan<char> value, string column)
    {
        if (value.IsEmpty) return $"'{column}' is empty; every row needs a group.";
        if (value.Length > MaxGroupValueLength) return $"'{column}' is longer than {MaxGroupValueLength} characters; a sensitive column holds groups.";
        foreach (var c in value)
            if (char.IsControl(c) || c is '=' or ':' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
                return $"'{column}' is '{Shown(value)}', which contains a character not allowed in a group name (control, bidirectional, ':' or '=').";
        return null;
    }

    internal static string Shown(ReadOnlySpan<char> value)
    {
        var s = value.Length > 40 ? value[..40].ToString() + "…" : value.ToString();
        return new string(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
