using System.Runtime.InteropServices;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>Which columns (or JSON Lines keys) the robustness join reads: both files carry the row id and the prediction, the clean file the label and the optional slice.</summary>
public sealed record RobustnessColumns(string RowIdColumn, string LabelColumn, string PredictionColumn, string? SliceColumn = null,
    PredictionsFormat Format = PredictionsFormat.Csv);

/// <summary>Why a robustness file pair was refused: which file (the form part, <c>file</c> or <c>perturbedFile</c>) and where.</summary>
public sealed record RobustnessError(string Part, string FileName, PredictionsError Error)
{
    public override string ToString() => $"{FileName}, {Error}";
}

/// <summary>What the join leaves: counts over all rows and per slice (value of the slice column).</summary>
public sealed class RobustnessScan
{
    public long Rows, CleanCorrect, PerturbedCorrect, Flips;
    public string? SliceColumn { get; init; }
    public List<(string Value, long Rows, long CleanCorrect, long PerturbedCorrect)> Slices { get; } = [];
}

/// <summary>
/// Joins a clean and a perturbed predictions file by row id, streaming both through <see cref="PredictionRows"/>. The
/// clean file is read first into one dictionary entry per row (row id → line, label, prediction and slice as small
/// indices into the few distinct values): about 100 bytes a row with a short id, so the <see cref="MaxRows"/> bound
/// keeps it near 100 MB at most. The perturbed file is then streamed against it with span lookups, allocating nothing
/// per row. Accuracy is exact agreement with the label (multi-class as is); a flip is a row whose prediction changed.
/// Duplicate, unmatched or missing row ids and predictions that are not labels stop the join naming the file and line.
/// </summary>
public static class RobustnessJoin
{
    public const string ParserVersion = "robustness-csv/1";
    public const string JsonLinesParserVersion = "robustness-jsonl/1";
    public const int MaxRows = 1_000_000;
    public const int MaxRowIdLength = 100;
    private const int MaxValues = 1000;

    public static string ParserVersionFor(PredictionsFormat format) => format == PredictionsFormat.JsonLines ? JsonLinesParserVersion : ParserVersion;

    private struct CleanRow
    {
        public long Line;
        public int Label, Prediction, Slice;
        public bool Matched;
    }

    public static RobustnessError? Join(Stream clean, string cleanName, Stream perturbed, string perturbedName, RobustnessColumns columns,
        out RobustnessScan? scan, CancellationToken ct = default)
    {
        scan = null;
        RobustnessError Clean(PredictionsError e) => new("file", cleanName, e);
        RobustnessError Perturbed(PredictionsError e) => new("perturbedFile", perturbedName, e);

        // Labels and predictions share one table, so "prediction equals label" is an index comparison.
        var values = new List<string>();
        var isLabel = new List<bool>();
        var firstLine = new List<long>();
        var slices = new List<string>();
        var sliceLookup = new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var rows = new Dictionary<string, CleanRow>(StringComparer.Ordinal);
        var byId = rows.GetAlternateLookup<ReadOnlySpan<char>>();

        List<string> cleanFields = [columns.RowIdColumn, columns.LabelColumn, columns.PredictionColumn];
        if (columns.SliceColumn is { } sliceColumn) cleanFields.Add(sliceColumn);
        if (PredictionRows.Open(clean, columns.Format, cleanFields, out var opened) is { } notOpened) return Clean(notOpened);
        using (var reader = opened!)
        {
            PredictionsError? malformed;
            while (reader.MoveNext(out malformed))
            {
                var line = reader.Line;
                if ((rows.Count & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                var id = reader[0];
                if (RowIdProblem(id, columns.RowIdColumn) is { } bad) return Clean(new(line, bad));
                if (reader[1].IsEmpty) return Clean(new(line, $"'{columns.LabelColumn}' is empty."));
                if (reader[2].IsEmpty) return Clean(new(line, $"'{columns.PredictionColumn}' is empty."));
                var label = Intern(values, isLabel, firstLine, reader[1], line);
                var prediction = Intern(values, isLabel, firstLine, reader[2], line);
                if (label < 0 || prediction < 0) return Clean(new(line, $"labels and predictions have more than {MaxValues} distinct values; are these the label and prediction columns?"));
                isLabel[label] = true;
                var slice = -1;
                if (columns.SliceColumn is not null)
                {
                    var value = reader[3];
                    if (!sliceLookup.TryGetValue(value, out slice))
                    {
                        if (PredictionsScanner.GroupValueProblem(value, columns.SliceColumn) is { } problem) return Clean(new(line, problem));
                        if (slices.Count == MaxValues) return Clean(new(line, $"'{columns.SliceColumn}' has more than {MaxValues} distinct values; a slice column holds groups, not ids."));
                        sliceLookup[value] = slice = slices.Count;
                        slices.Add(value.ToString());
                    }
                }
                if (byId.TryGetValue(id, out var earlier))
                    return Clean(new(line, $"row id '{PredictionsScanner.Shown(id)}' appears twice (first on line {earlier.Line}); row ids must be unique."));
                if (rows.Count == MaxRows) return Clean(new(line, $"has more than {MaxRows:N0} rows, the most a robustness join holds."));
                byId[id] = new CleanRow { Line = line, Label = label, Prediction = prediction, Slice = slice };
            }
            if (malformed is not null) return Clean(malformed);
        }
        if (rows.Count == 0) return Clean(new(0, "The file has no rows."));
        for (var v = 0; v < values.Count; v++)
            if (!isLabel[v]) return Clean(NotALabel(columns, values, isLabel, v, firstLine[v]));

        var result = new RobustnessScan { SliceColumn = columns.SliceColumn };
        var perSlice = new (long Rows, long Clean, long Perturbed)[slices.Count];
        var known = values.Count;
        if (PredictionRows.Open(perturbed, columns.Format, [columns.RowIdColumn, columns.PredictionColumn], out opened) is { } notOpened2)
            return Perturbed(notOpened2);
        using (var reader = opened!)
        {
            PredictionsError? malformed;
            while (reader.MoveNext(out malformed))
            {
                var line = reader.Line;
                if ((result.Rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                var id = reader[0];
                if (RowIdProblem(id, columns.RowIdColumn) is { } bad) return Perturbed(new(line, bad));
                if (reader[1].IsEmpty) return Perturbed(new(line, $"'{columns.PredictionColumn}' is empty."));
                ref var row = ref CollectionsMarshal.GetValueRefOrNullRef(byId, id);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref row))
                    return Perturbed(new(line, $"row id '{PredictionsScanner.Shown(id)}' has no row in the clean file {cleanName}."));
                if (row.Matched) return Perturbed(new(line, $"row id '{PredictionsScanner.Shown(id)}' appears twice; row ids must be unique."));
                row.Matched = true;
                var prediction = Intern(values, isLabel, firstLine, reader[1], line);
                if (prediction < 0) return Perturbed(new(line, $"labels and predictions have more than {MaxValues} distinct values; is this the prediction column?"));
                if (prediction >= known && !isLabel[prediction]) return Perturbed(NotALabel(columns, values, isLabel, prediction, line));

                var cleanCorrect = row.Prediction == row.Label ? 1 : 0;
                var perturbedCorrect = prediction == row.Label ? 1 : 0;
                result.Rows++;
                result.CleanCorrect += cleanCorrect;
                result.PerturbedCorrect += perturbedCorrect;
                if (prediction != row.Prediction) result.Flips++;
                if (row.Slice >= 0)
                {
                    ref var s = ref perSlice[row.Slice];
                    s.Rows++;
                    s.Clean += cleanCorrect;
                    s.Perturbed += perturbedCorrect;
                }
            }
            if (malformed is not null) return Perturbed(malformed);
        }
        if (result.Rows < rows.Count)
        {
            var (missingId, missing) = rows.Where(r => !r.Value.Matched).MinBy(r => r.Value.Line);
            return Clean(new(missing.Line, $"row id '{PredictionsScanner.Shown(missingId)}' has no row in the perturbed file {perturbedName} ({rows.Count - result.Rows:N0} rows missing)."));
        }
        for (var i = 0; i < slices.Count; i++) result.Slices.Add((slices[i], perSlice[i].Rows, perSlice[i].Clean, perSlice[i].Perturbed));
        scan = result;
        return null;
    }

    private static PredictionsError NotALabel(RobustnessColumns columns, List<string> values, List<bool> isLabel, int value, long line) =>
        new(line, $"'{columns.PredictionColumn}' is '{PredictionsScanner.Shown(values[value])}', a label that never occurs in the clean file's '{columns.LabelColumn}' (labels: {string.Join(", ", values.Where((_, i) => isLabel[i]).Take(20).Select(l => $"'{PredictionsScanner.Shown(l)}'"))}).");

    // Few distinct labels: a linear scan over spans allocates nothing and beats hashing.
    private static int Intern(List<string> values, List<bool> isLabel, List<long> firstLine, ReadOnlySpan<char> value, long line)
    {
        for (var i = 0; i < values.Count; i++) if (value.SequenceEqual(values[i])) return i;
        if (values.Count == 2 * MaxValues) return -1;
        values.Add(value.ToString());
        isLabel.Add(false);
        firstLine.Add(line);
        return values.Count - 1;
    }

    private static string? RowIdProblem(ReadOnlySpan<char> id, string column) =>
        id.IsEmpty ? $"'{column}' is empty; every row needs its row id."
        : id.Length > MaxRowIdLength ? $"'{column}' is longer than {MaxRowIdLength} characters; a row id is short."
        : null;
}

/// <summary>The robustness metrics of a join (names per ADR 0034).</summary>
public static class RobustnessMetrics
{
    public static SortedDictionary<string, double> Of(RobustnessScan scan)
    {
        var clean = (double)scan.CleanCorrect / scan.Rows;
        var perturbed = (double)scan.PerturbedCorrect / scan.Rows;
        var m = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["rows"] = scan.Rows,
            ["accuracy_clean"] = clean,
            ["accuracy_perturbed"] = perturbed,
            ["accuracy_drop"] = clean - perturbed,
            // The name the shipped policies bound: the drop in percentage points.
            ["accuracy_drop_points"] = 100 * (clean - perturbed),
            ["prediction_flip_rate"] = (double)scan.Flips / scan.Rows,
        };
        if (scan.SliceColumn is { } column && scan.Slices.Count > 0)
        {
            var worst = double.NegativeInfinity;
            foreach (var (value, rows, c, p) in scan.Slices)
            {
                var drop = (double)(c - p) / rows;
                m[$"accuracy_drop:{column}={value}"] = drop;
                m[$"rows:{column}={value}"] = rows;
                worst = Math.Max(worst, drop);
            }
            m[$"worst_slice_accuracy_drop:{column}"] = worst;
        }
        return m;
    }
}
