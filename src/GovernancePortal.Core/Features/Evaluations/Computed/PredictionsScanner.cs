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
public static class PredictionsScanner
{
    /// <summary>Recorded with every computed evaluation; bump it whenever a result for the same file could change.</summary>
    public const string ParserVersion = "predictions-csv/1";
    public const string JsonLinesParserVersion = "predictions-jsonl/1";

    public static string ParserVersionFor(PredictionsFormat format) => format == PredictionsFormat.JsonLines ? JsonLinesParserVersion : ParserVersion;

    // Keeps the longest per-group metric name (below_min_group_size:column=value) within the 100 characters a metric name may have.
    private const int MaxGroupValueLength = 40;

    public static PredictionsError? Scan(Stream file, PredictionsOptions options, out PredictionsScan? scan, CancellationToken ct = default)
    {
        scan = null;
        // Fields in a fixed order: label, prediction, then the optional score and weight, then the sensitive columns.
        List<string> fields = [options.LabelColumn, options.PredictionColumn];
        var score = options.ScoreColumn is { } s ? Add(fields, s) : -1;
        var weight = options.WeightColumn is { } w ? Add(fields, w) : -1;
        var sensitive = options.Sensitive.Select(c => Add(fields, c)).ToArray();
        if (options.Format == PredictionsFormat.JsonLines)
        {
            var jsonLines = new JsonLinesRows(file, fields);
            try
            {
                return Accumulate(ref jsonLines, options, score, weight, sensitive, out scan, ct);
            }
            finally
            {
                jsonLines.Dispose();
            }
        }
        if (CsvRows.Open(file, fields, out var csv) is { } notOpened) return notOpened;
        try
        {
            return Accumulate(ref csv, options, score, weight, sensitive, out scan, ct);
        }
        finally
        {
            csv.Dispose();
        }
    }

    /// <summary>
    /// The pass itself, generic so that for the CSV struct the JIT compiles a copy in which every field read is a direct,
    /// inlinable call into Sep instead of an interface call per field (five to seven a row).
    /// </summary>
    private static PredictionsError? Accumulate<TRows>(ref TRows rows, PredictionsOptions options, int score, int weight, int[] sensitive,
        out PredictionsScan? scan, CancellationToken ct) where TRows : IPredictionRows
    {
        scan = null;
        const int label = 0, prediction = 1;
        // Per sensitive column: its values numbered as first seen, and four confusion cells per value (row counts, and
        // summed weights when the file is weighted); turned into GroupCounts once, after the last row. One flat array
        // sized for the most groups a column may have (32 KB a column), so the per-row increment never grows or checks it.
        const int stride = 4 * PredictionsOptions.MaxGroupsPerColumn;
        // Field and index side by side: one array read a column a row.
        var groupColumns = sensitive.Select(f => (Field: f, Index: new GroupIndex())).ToArray();
        var cells = new long[sensitive.Length * stride];
        var weights = weight >= 0 ? new double[sensitive.Length * stride] : [];
        Span<long> allCells = stackalloc long[4];
        Span<double> allWeights = stackalloc double[4];
        var scores = score >= 0 ? new double[1024] : [];
        var scoreIsPositive = score >= 0 ? new bool[1024] : [];
        var count = 0;
        var labelValues = new DistinctValues(options.PositiveLabel);
        var predictionValues = new DistinctValues(options.PositiveLabel);
        byte[] labelTable = labelValues.Single, predictionTable = predictionValues.Single;
        long read = 0;

        PredictionsError? malformed;
        while (rows.MoveNext(out malformed))
        {
            var line = rows.Line;
            if ((++read & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var y = rows[label];
            var p = rows[prediction];
            // The usual case, one-character labels already seen (0/1), straight from the two tables; anything else below.
            var cell = DistinctValues.KnownCell(y, p, labelTable, predictionTable);
            if (cell < 0)
            {
                if (y.IsEmpty) return new(line, $"'{options.LabelColumn}' is empty.");
                if (p.IsEmpty) return new(line, $"'{options.PredictionColumn}' is empty.");
                var actual = labelValues.IsPositive(y, line);
                if (actual is null)
                    return new(line, $"'{options.LabelColumn}' has more than {DistinctValues.MaxCount} distinct values; is it the label column?");
                var predicted = predictionValues.IsPositive(p, line);
                if (predicted is null)
                    return new(line, $"'{options.PredictionColumn}' has more than {DistinctValues.MaxCount} distinct values; is it the prediction column?");
                cell = (actual.Value ? 2 : 0) | (predicted.Value ? 1 : 0);
            }

            var rowWeight = 1.0;
            if (weight >= 0)
            {
                if (!TryNumber(rows[weight], out var parsed) || parsed < 0)
                    return new(line, $"'{options.WeightColumn}' is '{Shown(rows[weight])}', not a finite number >= 0.");
                rowWeight = parsed;
                allWeights[cell] += rowWeight;
            }

            if (score >= 0)
            {
                if (!TryNumber(rows[score], out var value))
                    return new(line, $"'{options.ScoreColumn}' is '{Shown(rows[score])}', not a finite number.");
                if (count == scores.Length)
                {
                    Array.Resize(ref scores, count * 2);
                    Array.Resize(ref scoreIsPositive, count * 2);
                }
                scores[count] = value;
                scoreIsPositive[count++] = cell >= 2;
            }

            allCells[cell]++;
            for (var i = 0; i < groupColumns.Length; i++)
            {
                var (field, index) = groupColumns[i];
                var value = rows[field];
                var group = index.Find(value);
                if (group < 0)
                {
                    if (GroupValueProblem(value, options.Sensitive[i]) is { } problem) return new(line, problem);
                    if (index.Count == PredictionsOptions.MaxGroupsPerColumn)
                        return new(line, $"'{options.Sensitive[i]}' has more than {PredictionsOptions.MaxGroupsPerColumn} distinct values; a sensitive column holds groups, not ids.");
                    group = index.Add(value);
                }
                // i < sensitive.Length, group < MaxGroupsPerColumn (refused above) and cell < 4: within the array.
                var at = i * stride + 4 * group + cell;
                Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(cells), at)++;
                if (weight >= 0) weights[at] += rowWeight;
            }
        }
        if (malformed is not null) return malformed;

        if (allCells[0] + allCells[1] + allCells[2] + allCells[3] == 0)
            return new(0, options.Format == PredictionsFormat.Csv ? "The file has a header but no rows." : "The file has no rows.");
        foreach (var (value, at) in predictionValues.WithFirstLine)
            if (!labelValues.Contains(value))
                return new(at, $"'{options.PredictionColumn}' is '{Shown(value)}', a label that never occurs in '{options.LabelColumn}' (labels: {string.Join(", ", labelValues.Values.Take(20).Select(l => $"'{Shown(l)}'"))}).");
        if (!labelValues.Contains(options.PositiveLabel))
            return new(0, $"The positive label '{Shown(options.PositiveLabel)}' never occurs in '{options.LabelColumn}' (labels: {string.Join(", ", labelValues.Values.Take(20).Select(l => $"'{Shown(l)}'"))}).");

        var columns = new List<(string, Dictionary<string, GroupCounts>)>();
        for (var i = 0; i < sensitive.Length; i++)
        {
            var groups = new Dictionary<string, GroupCounts>(StringComparer.Ordinal);
            var index = groupColumns[i].Index;
            for (var g = 0; g < index.Count; g++)
                groups[index.Values[g]] = Counts(cells.AsSpan(i * stride + 4 * g, 4), weight >= 0 ? weights.AsSpan(i * stride + 4 * g, 4) : default);
            columns.Add((options.Sensitive[i], groups));
        }
        scan = new PredictionsScan
        {
            Columns = columns, HasScores = score >= 0, Weighted = weight >= 0,
            Overall = Counts(allCells, weight >= 0 ? allWeights : default),
            Scores = scores, ScoreIsPositive = scoreIsPositive, ScoreCount = count,
        };
        return null;
    }

    // Unweighted, every row weighs 1: the weights are the row counts, exactly.
    private static GroupCounts Counts(ReadOnlySpan<long> rows, ReadOnlySpan<double> weights) =>
        GroupCounts.FromCells(rows, weights.IsEmpty ? [rows[0], rows[1], rows[2], rows[3]] : weights);

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
