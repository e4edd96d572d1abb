using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using nietras.SeparatedValues;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>How a predictions file is laid out: a CSV with a header line, or JSON Lines (one object per line, keys for columns).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PredictionsFormat>))]
public enum PredictionsFormat { Csv, JsonLines }

/// <summary>
/// The rows of a predictions file, whatever its format, as the named fields of the current row (spans valid until the
/// next <see cref="MoveNext"/>). Implemented once per format (<see cref="CsvRows"/>, <see cref="JsonLinesRows"/>); the
/// scanner and the robustness join both read through it, so a CSV and a JSON Lines file give the same numbers and the
/// same line-naming errors.
/// </summary>
public interface IPredictionRows : IDisposable
{
    /// <summary>The 1-based line of the file the current row starts on.</summary>
    long Line { get; }

    /// <summary>The next row; false at the end (<paramref name="error"/> null) or on a malformed row (error names its line).</summary>
    bool MoveNext(out PredictionsError? error);

    /// <summary>The value of field <paramref name="field"/> (an index into the names the rows were opened with).</summary>
    ReadOnlySpan<char> this[int field] { get; }

    /// <summary>Whether the current row has <paramref name="field"/>: always for a required field; read an optional one only when true.</summary>
    bool Has(int field);
}

public static class PredictionRows
{
    /// <summary>
    /// Opens <paramref name="file"/> behind the interface (a boxed <see cref="CsvRows"/> for CSV): for callers that read
    /// a few fields a row and do not need the scanner's specialised loop. The first <paramref name="required"/> fields
    /// (all when -1) are required: a CSV header lacking one is refused naming line 1, a JSON Lines row naming its line;
    /// the rest are optional (see <see cref="IPredictionRows.Has"/>).
    /// </summary>
    public static PredictionsError? Open(Stream file, PredictionsFormat format, IReadOnlyList<string> fields, out IPredictionRows? rows, int required = -1)
    {
        rows = null;
        if (format == PredictionsFormat.JsonLines)
        {
            rows = new JsonLinesRows(file, fields, required);
            return null;
        }
        if (CsvRows.Open(file, fields, out var csv, required) is { } error) return error;
        rows = csv;
        return null;
    }
}

/// <summary>
/// CSV predictions read with Sep. A struct, so a generic loop over it (<see cref="PredictionsScanner"/>) is compiled
/// for it alone: the JIT inlines the field reads down to Sep's column spans instead of an interface call per field
/// (five to seven a row; docs/benchmarks.md). Mutable: pass it by ref.
/// </summary>
internal struct CsvRows : IPredictionRows
{
    private readonly SepReader reader;
    private readonly int[] columns;
    private readonly int columnCount;

    private CsvRows(SepReader reader, int[] columns, int columnCount)
    {
        this.reader = reader;
        this.columns = columns;
        this.columnCount = columnCount;
        Line = 0;
    }

    public long Line { get; private set; }

    public static PredictionsError? Open(Stream file, IReadOnlyList<string> fields, out CsvRows rows, int required = -1) =>
        Open(new StreamReader(file, null, true, 1 << 16, leaveOpen: true), fields, out rows, required);

    /// <summary>
    /// The same over a reader of the file's text (a chunked scan's first chunk: its own UTF-8 decoder over a range).
    /// Sep's own <c>From(Stream)</c> wraps the stream in exactly this reader (UTF-8, byte-order marks detected).
    /// </summary>
    public static PredictionsError? Open(TextReader text, IReadOnlyList<string> fields, out CsvRows rows, int required = -1)
    {
        rows = default;
        SepReader reader;
        // The column count is checked in MoveNext rather than by Sep, which throws: a method with a try/catch is never
        // inlined, and MoveNext runs once a row (docs/benchmarks.md). The same one comparison a row either way.
        try { reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text); }
        catch (InvalidDataException e) { return new(1, e.Message); }
        var header = reader.Header;
        if (header.IsEmpty)
        {
            reader.Dispose();
            return new(0, "The file is empty; it needs a header line and at least one row.");
        }
        var missing = fields.Take(required < 0 ? fields.Count : required).Distinct().Where(c => !header.TryIndexOf(c, out _)).ToList();
        if (missing.Count > 0)
        {
            reader.Dispose();
            return new(1, $"the header has no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (it has {string.Join(", ", header.ColNames.Select(c => $"'{c}'"))}).");
        }
        // An optional column the header lacks is -1: absent from every row.
        rows = new CsvRows(reader, [.. fields.Select(f => header.TryIndexOf(f, out var at) ? at : -1)], header.ColNames.Count);
        return null;
    }

    /// <summary>
    /// Rows after the header, read with the header's separator and columns (<paramref name="like"/>, opened on the file's
    /// start): a later chunk of a chunked scan. Its lines count from 1 at the chunk's first row.
    /// </summary>
    public static CsvRows Headerless(TextReader text, in CsvRows like)
    {
        var sep = like.reader.Spec.Sep;
        var reader = Sep.Reader(o => o with { Sep = sep, HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        return new CsvRows(reader, like.columns, like.columnCount);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext(out PredictionsError? error)
    {
        error = null;
        if (!reader.MoveNext()) return false;
        var row = reader.Current;
        Line = row.LineNumberFrom;
        if (row.ColCount == columnCount) return true;
        error = ColumnCountError(row.ColCount);
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly PredictionsError ColumnCountError(int found) =>
        new(Line, $"the row has {found} column{(found == 1 ? "" : "s")}, the header {columnCount}.");

    public readonly ReadOnlySpan<char> this[int field] => reader.Current[columns[field]].Span;

    public readonly bool Has(int field) => columns[field] >= 0;

    public readonly void Dispose() => reader?.Dispose();
}
