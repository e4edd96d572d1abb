using System.Runtime.CompilerServices;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

public static partial class PredictionsScanner
{
    /// <summary>
    /// What one pass accumulates, and every per-row step the usual row does not take (a label not yet in its table, a
    /// new group, a score or a weight, every refusal): each is a never-inlined method, so the scan's loop keeps its few
    /// values in registers instead of reloading them from the stack on every row (docs/benchmarks.md).
    /// </summary>
    private sealed class ScanState
    {
        /// <summary>
        /// Cells a column: four confusion cells per group in one flat array sized for the most groups a column may have
        /// (32 KB a column), so the per-row increment never grows or checks it.
        /// </summary>
        public const int Stride = 4 * PredictionsOptions.MaxGroupsPerColumn;

        private readonly PredictionsOptions options;
        private readonly int score, weight;
        private readonly int[] sensitive;
        private double[] scores;
        private bool[] scoreIsPositive;
        private int count;
        private double rowWeight = 1.0;

        public ScanState(PredictionsOptions options, int score, int weight, int[] sensitive)
        {
            this.options = options;
            this.score = score;
            this.weight = weight;
            this.sensitive = sensitive;
            // Per sensitive column: its values numbered as first seen, and four confusion cells per value (row counts, and
            // summed weights when the file is weighted); turned into GroupCounts once, after the last row.
            Indexes = [.. sensitive.Select(_ => new GroupIndex())];
            Cells = new long[sensitive.Length * Stride];
            Weights = weight >= 0 ? new double[sensitive.Length * Stride] : [];
            scores = score >= 0 ? new double[1024] : [];
            scoreIsPositive = score >= 0 ? new bool[1024] : [];
            LabelValues = new DistinctValues(options.PositiveLabel);
            PredictionValues = new DistinctValues(options.PositiveLabel);
        }

        /// <summary>The field of each sensitive column, in the order asked for.</summary>
        public int[] Sensitive => sensitive;
        /// <summary>Whether rows carry a score or a weight: which instantiation of the row loop reads them.</summary>
        public bool HasExtras => score >= 0 || weight >= 0;
        public GroupIndex[] Indexes { get; }
        public long[] Cells { get; }
        /// <summary>Summed weights beside <see cref="Cells"/>; empty when the file is unweighted.</summary>
        public double[] Weights { get; }
        public long[] AllCells { get; } = new long[4];
        public DistinctValues LabelValues { get; }
        public DistinctValues PredictionValues { get; }
        private readonly double[] allWeights = new double[4];

        /// <summary>The confusion cell of a row the label tables did not answer; -1 with the refusal.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Cell(ReadOnlySpan<char> y, ReadOnlySpan<char> p, long line, out PredictionsError? error)
        {
            error = null;
            if (y.IsEmpty) error = new(line, $"'{options.LabelColumn}' is empty.");
            else if (p.IsEmpty) error = new(line, $"'{options.PredictionColumn}' is empty.");
            else if (LabelValues.IsPositive(y, line) is not { } actual)
                error = new(line, $"'{options.LabelColumn}' has more than {DistinctValues.MaxCount} distinct values; is it the label column?");
            else if (PredictionValues.IsPositive(p, line) is not { } predicted)
                error = new(line, $"'{options.PredictionColumn}' has more than {DistinctValues.MaxCount} distinct values; is it the prediction column?");
            else return (actual ? 2 : 0) | (predicted ? 1 : 0);
            return -1;
        }

        /// <summary>Reads the row's weight (1 when the file has none) and keeps its score, when the file has them.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public PredictionsError? ScoreAndWeight<TRows>(ref TRows rows, int cell) where TRows : IPredictionRows
        {
            rowWeight = 1.0;
            if (weight >= 0)
            {
                if (!TryNumber(rows[weight], out var parsed) || parsed < 0)
                    return new(rows.Line, $"'{options.WeightColumn}' is '{Shown(rows[weight])}', not a finite number >= 0.");
                rowWeight = parsed;
                allWeights[cell] += rowWeight;
            }
            if (score >= 0)
            {
                if (!TryNumber(rows[score], out var value))
                    return new(rows.Line, $"'{options.ScoreColumn}' is '{Shown(rows[score])}', not a finite number.");
                if (count == scores.Length)
                {
                    Array.Resize(ref scores, count * 2);
                    Array.Resize(ref scoreIsPositive, count * 2);
                }
                scores[count] = value;
                scoreIsPositive[count++] = cell >= 2;
            }
            return null;
        }

        /// <summary>Adds the row's weight (read by <see cref="ScoreAndWeight"/>) to one group's cell, when the file is weighted.</summary>
        public void Weigh(int at)
        {
            if (Weights.Length != 0) Weights[at] += rowWeight;
        }

        /// <summary>
        /// The group number of a row's value in sensitive column <paramref name="column"/> when the index's call-free
        /// probe did not answer: looked up in full, or numbered when new; -1 with the refusal.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Group<TRows>(ref TRows rows, int column, out PredictionsError? error) where TRows : IPredictionRows
        {
            error = null;
            var index = Indexes[column];
            var value = rows[sensitive[column]];
            var known = index.Find(value);
            if (known >= 0) return known;
            var line = rows.Line;
            if (GroupValueProblem(value, options.Sensitive[column]) is { } problem) error = new(line, problem);
            else if (index.Count == PredictionsOptions.MaxGroupsPerColumn)
                error = new(line, $"'{options.Sensitive[column]}' has more than {PredictionsOptions.MaxGroupsPerColumn} distinct values; a sensitive column holds groups, not ids.");
            else return index.Add(value);
            return -1;
        }

        /// <summary>
        /// Adds what a later chunk of the same file counted (its lines counted from 1, moved by <paramref name="lineOffset"/>):
        /// afterwards this holds exactly what one pass over both would have, values numbered in the order first seen.
        /// Row counts add exactly; scores are appended in file order; weighted files are never chunked (summed weights
        /// added in another order could differ in the last bit). False when a column would pass its cap of distinct
        /// values: the one-pass scan then names the line.
        /// </summary>
        public bool Merge(ScanState later, long lineOffset)
        {
            if (weight >= 0) throw new InvalidOperationException("A weighted scan is not merged.");
            if (!LabelValues.Merge(later.LabelValues, lineOffset) || !PredictionValues.Merge(later.PredictionValues, lineOffset)) return false;
            for (var i = 0; i < Indexes.Length; i++)
            {
                var (index, from) = (Indexes[i], later.Indexes[i]);
                for (var g = 0; g < from.Count; g++)
                {
                    var to = index.Find(from.Values[g]);
                    if (to < 0)
                    {
                        if (index.Count == PredictionsOptions.MaxGroupsPerColumn) return false;
                        to = index.Add(from.Values[g]);
                    }
                    for (var c = 0; c < 4; c++) Cells[i * Stride + 4 * to + c] += later.Cells[i * Stride + 4 * g + c];
                }
            }
            for (var c = 0; c < 4; c++) AllCells[c] += later.AllCells[c];
            if (later.count > 0)
            {
                if (count + later.count > scores.Length)
                {
                    Array.Resize(ref scores, count + later.count);
                    Array.Resize(ref scoreIsPositive, count + later.count);
                }
                Array.Copy(later.scores, 0, scores, count, later.count);
                Array.Copy(later.scoreIsPositive, 0, scoreIsPositive, count, later.count);
                count += later.count;
            }
            return true;
        }

        /// <summary>After the last row: the file-wide checks, then the counts as <see cref="GroupCounts"/>.</summary>
        public PredictionsError? Finish(out PredictionsScan? scan)
        {
            scan = null;
            if (AllCells[0] + AllCells[1] + AllCells[2] + AllCells[3] == 0)
                return new(0, options.Format == PredictionsFormat.Csv ? "The file has a header but no rows." : "The file has no rows.");
            foreach (var (value, at) in PredictionValues.WithFirstLine)
                if (!LabelValues.Contains(value))
                    return new(at, $"'{options.PredictionColumn}' is '{Shown(value)}', a label that never occurs in '{options.LabelColumn}' (labels: {Labels()}).");
            if (!LabelValues.Contains(options.PositiveLabel))
                return new(0, $"The positive label '{Shown(options.PositiveLabel)}' never occurs in '{options.LabelColumn}' (labels: {Labels()}).");

            var weighted = weight >= 0;
            var columns = new List<(string, Dictionary<string, GroupCounts>)>();
            for (var i = 0; i < Indexes.Length; i++)
            {
                var groups = new Dictionary<string, GroupCounts>(StringComparer.Ordinal);
                var index = Indexes[i];
                for (var g = 0; g < index.Count; g++)
                    groups[index.Values[g]] = Counts(Cells.AsSpan(i * Stride + 4 * g, 4), weighted ? Weights.AsSpan(i * Stride + 4 * g, 4) : default);
                columns.Add((options.Sensitive[i], groups));
            }
            scan = new PredictionsScan
            {
                Columns = columns, HasScores = score >= 0, Weighted = weighted,
                Overall = Counts(AllCells, weighted ? allWeights : default),
                Scores = scores, ScoreIsPositive = scoreIsPositive, ScoreCount = count,
            };
            return null;
        }

        private string Labels() => string.Join(", ", LabelValues.Values.Take(20).Select(l => $"'{Shown(l)}'"));

        // Unweighted, every row weighs 1: the weights are the row counts, exactly.
        private static GroupCounts Counts(ReadOnlySpan<long> rows, ReadOnlySpan<double> weights) =>
            GroupCounts.FromCells(rows, weights.IsEmpty ? [rows[0], rows[1], rows[2], rows[3]] : weights);
    }
}
