namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>Why a predictions file was refused: <see cref="Line"/> is the 1-based line in the file (0: the file as a whole).</summary>
public sealed record PredictionsError(long Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}

/// <summary>The counts one pass over a predictions file leaves: all rows, each (sensitive column, value), and the scores.</summary>
public sealed class PredictionsScan
{
    public GroupCounts Overall { get; } = new();
    /// <summary>Sensitive column → value → counts, columns in the order they were asked for.</summary>
    public required IReadOnlyList<(string Column, Dictionary<string, GroupCounts> Groups)> Columns { get; init; }
    public double[] Scores { get; internal set; } = [];
    public bool[] ScoreIsPositive { get; internal set; } = [];
    public int ScoreCount { get; internal set; }
    public bool HasScores { get; init; }
    public bool Weighted { get; init; }
}

/// <summary>
/// One streaming pass over a predictions file (CSV or JSON Lines, read through <see cref="PredictionRows"/>): nothing is
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

    private const int MaxLabelValues = 1000;
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
        if (PredictionRows.Open(file, options.Format, fields, out var opened) is { } notOpened) return notOpened;
        using var rows = opened!;

        const int label = 0, prediction = 1;
        var columns = options.Sensitive.Select(c => (c, new Dictionary<string, GroupCounts>(StringComparer.Ordinal))).ToList();
        var lookups = columns.Select(c => c.Item2.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        var result = new PredictionsScan { Columns = columns, HasScores = score >= 0, Weighted = weight >= 0 };
        var scores = score >= 0 ? new double[1024] : [];
        var scoreIsPositive = score >= 0 ? new bool[1024] : [];
        var count = 0;
        var positive = options.PositiveLabel.AsSpan();
        var labelValues = new List<string>();
        var predictionValues = new List<(string Value, long Line)>();
        long read = 0;

        PredictionsError? malformed;
        while (rows.MoveNext(out malformed))
        {
            var line = rows.Line;
            if ((++read & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var y = rows[label];
            var p = rows[prediction];
            if (y.IsEmpty) return new(line, $"'{options.LabelColumn}' is empty.");
            if (p.IsEmpty) return new(line, $"'{options.PredictionColumn}' is empty.");
            if (!Seen(labelValues, y) && !Remember(labelValues, y))
                return new(line, $"'{options.LabelColumn}' has more than {MaxLabelValues} distinct values; is it the label column?");
            if (!SeenAt(predictionValues, p) && !Remember(predictionValues, p, line))
                return new(line, $"'{options.PredictionColumn}' has more than {MaxLabelValues} distinct values; is it the prediction column?");
            var actual = y.SequenceEqual(positive);
            var predicted = p.SequenceEqual(positive);

            var rowWeight = 1.0;
            if (weight >= 0)
            {
                if (!TryNumber(rows[weight], out var parsed) || parsed < 0)
                    return new(line, $"'{options.WeightColumn}' is '{Shown(rows[weight])}', not a finite number >= 0.");
                rowWeight = parsed;
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
                scoreIsPositive[count++] = actual;
            }

            result.Overall.Add(actual, predicted, rowWeight);
            for (var i = 0; i < sensitive.Length; i++)
            {
                var value = rows[sensitive[i]];
                if (!lookups[i].TryGetValue(value, out var counts))
                {
                    if (GroupValueProblem(value, options.Sensitive[i]) is { } problem) return new(line, problem);
                    if (columns[i].Item2.Count == PredictionsOptions.MaxGroupsPerColumn)
                        return new(line, $"'{options.Sensitive[i]}' has more than {PredictionsOptions.MaxGroupsPerColumn} distinct values; a sensitive column holds groups, not ids.");
                    lookups[i][value] = counts = new GroupCounts();
                }
                counts.Add(actual, predicted, rowWeight);
            }
        }
        if (malformed is not null) return malformed;

        if (result.Overall.Rows == 0) return new(0, options.Format == PredictionsFormat.Csv ? "The file has a header but no rows." : "The file has no rows.");
        foreach (var (value, at) in predictionValues)
            if (!labelValues.Contains(value))
                return new(at, $"'{options.PredictionColumn}' is '{Shown(value)}', a label that never occurs in '{options.LabelColumn}' (labels: {string.Join(", ", labelValues.Take(20).Select(l => $"'{Shown(l)}'"))}).");
        if (!labelValues.Contains(options.PositiveLabel))
            return new(0, $"The positive label '{Shown(options.PositiveLabel)}' never occurs in '{options.LabelColumn}' (labels: {string.Join(", ", labelValues.Take(20).Select(l => $"'{Shown(l)}'"))}).");
        result.Scores = scores;
        result.ScoreIsPositive = scoreIsPositive;
        result.ScoreCount = count;
        scan = result;
        return null;
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

    // Few distinct labels (2 to a handful of classes): a linear scan over spans beats hashing and allocates nothing.
    private static bool Seen(List<string> values, ReadOnlySpan<char> value)
    {
        foreach (var v in values) if (value.SequenceEqual(v)) return true;
        return false;
    }

    private static bool SeenAt(List<(string Value, long Line)> values, ReadOnlySpan<char> value)
    {
        foreach (var v in values) if (value.SequenceEqual(v.Value)) return true;
        return false;
    }

    private static bool Remember(List<string> values, ReadOnlySpan<char> value)
    {
        if (values.Count == MaxLabelValues) return false;
        values.Add(value.ToString());
        return true;
    }

    private static bool Remember(List<(string, long)> values, ReadOnlySpan<char> value, long line)
    {
        if (values.Count == MaxLabelValues) return false;
        values.Add((value.ToString(), line));
        return true;
    }

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
