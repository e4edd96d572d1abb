using System.Text.Json.Serialization;
using nietras.SeparatedValues;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>How a predictions file is laid out: a CSV with a header line, or JSON Lines (one object per line, keys for columns).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PredictionsFormat>))]
public enum PredictionsFormat { Csv, JsonLines }

/// <summary>
/// The rows of a predictions file, whatever its format, as the named fields of the current row (spans valid until the
/// next <see cref="MoveNext"/>). The one owner of reading a format: the scanner and the robustness join both read
/// through it, so a CSV and a JSON Lines file give the same numbers and the same line-naming errors.
/// </summary>
public abstract class PredictionRows : IDisposable
{
    /// <summary>The 1-based line of the file the current row starts on.</summary>
    public long Line { get; protected set; }

    /// <summary>The next row; false at the end (<paramref name="error"/> null) or on a malformed row (error names its line).</summary>
    public abstract bool MoveNext(out PredictionsError? error);

    /// <summary>The value of field <paramref name="field"/> (an index into the names passed to <see cref="Open"/>).</summary>
    public abstract ReadOnlySpan<char> this[int field] { get; }

    public virtual void Dispose() { }

    /// <summary>Opens <paramref name="file"/>; a CSV header lacking one of <paramref name="fields"/> is refused naming line 1.</summary>
    public static PredictionsError? Open(Stream file, PredictionsFormat format, IReadOnlyList<string> fields, out PredictionRows? rows)
    {
        rows = null;
        if (format == PredictionsFormat.JsonLines)
        {
            rows = new JsonLinesRows(file, fields);
            return null;
        }
        return CsvRows.Open(file, fields, out rows);
    }

    private sealed class CsvRows(SepReader reader, int[] columns) : PredictionRows
    {
        private long nextLine = 2;

        public static PredictionsError? Open(Stream file, IReadOnlyList<string> fields, out PredictionRows? rows)
        {
            rows = null;
            SepReader reader;
            try { reader = Sep.Reader(o => o with { Unescape = true }).From(file); }
            catch (InvalidDataException e) { return new(1, e.Message); }
            var header = reader.Header;
            if (header.IsEmpty)
            {
                reader.Dispose();
                return new(0, "The file is empty; it needs a header line and at least one row.");
            }
            var missing = fields.Distinct().Where(c => !header.TryIndexOf(c, out _)).ToList();
            if (missing.Count > 0)
            {
                reader.Dispose();
                return new(1, $"the header has no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (it has {string.Join(", ", header.ColNames.Select(c => $"'{c}'"))}).");
            }
            rows = new CsvRows(reader, [.. fields.Select(f => header.IndexOf(f))]);
            return null;
        }

        public override bool MoveNext(out PredictionsError? error)
        {
            error = null;
            try
            {
                if (!reader.MoveNext()) return false;
            }
            catch (InvalidDataException e)
            {
                // Sep refuses a row whose column count differs from the header's before handing it out: the row after the last one read.
                error = new(nextLine, e.Message);
                return false;
            }
            var row = reader.Current;
            Line = row.LineNumberFrom;
            nextLine = row.LineNumberToExcl;
            return true;
        }

        public override ReadOnlySpan<char> this[int field] => reader.Current[columns[field]].Span;

        public override void Dispose() => reader.Dispose();
    }
}
