using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GovernancePortal.Core.Features.Evaluations.Computed;

/// <summary>
/// JSON Lines predictions: one JSON object per line, the fields read by key. Lines are cut from one reused byte buffer
/// and each is read with a <see cref="Utf8JsonReader"/> into one reused character buffer per field, so nothing is
/// allocated per row. Strings are read as their text, numbers as written (<c>1</c> and <c>"1"</c> are the same label),
/// <c>true</c>/<c>false</c> as those words and <c>null</c> as empty; blank lines are skipped. Keys the upload does not
/// name are ignored, whatever their value.
/// </summary>
internal sealed class JsonLinesRows : PredictionRows
{
    /// <summary>Longer lines are refused: a predictions row is a few hundred bytes, a megabyte line is not a row.</summary>
    internal const int MaxLineBytes = 1 << 20;

    private readonly Stream file;
    private readonly IReadOnlyList<string> names;
    private readonly byte[][] keys;
    private readonly char[][] values;
    private readonly int[] lengths;
    private readonly bool[] present;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int start, end;
    private bool eof;
    private long lineNumber;

    public JsonLinesRows(Stream file, IReadOnlyList<string> fields)
    {
        this.file = file;
        names = fields;
        keys = [.. fields.Select(Encoding.UTF8.GetBytes)];
        values = [.. fields.Select(_ => new char[64])];
        lengths = new int[fields.Count];
        present = new bool[fields.Count];
    }

    public override ReadOnlySpan<char> this[int field] => values[field].AsSpan(0, lengths[field]);

    public override bool MoveNext(out PredictionsError? error)
    {
        error = null;
        while (true)
        {
            if (!NextLine(out var line, out error)) return false;
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..];
            line = line.TrimEnd("\r\t "u8).TrimStart("\t "u8);
            if (line.IsEmpty) continue;
            Line = lineNumber;
            error = Read(line);
            return error is null;
        }
    }

    private PredictionsError? Read(ReadOnlySpan<byte> line)
    {
        Array.Clear(present);
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return new(Line, "is not a JSON object; JSON Lines holds one object per line.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = -1;
                for (var i = 0; i < keys.Length; i++)
                    if (reader.ValueTextEquals(keys[i])) { field = i; break; }
                reader.Read();
                if (field < 0) { reader.Skip(); continue; }
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        Ensure(field, reader.ValueSpan.Length);
                        lengths[field] = reader.CopyString(values[field]);
                        break;
                    case JsonTokenType.Number:
                        Ensure(field, reader.ValueSpan.Length);
                        lengths[field] = Encoding.UTF8.GetChars(reader.ValueSpan, values[field]);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        var word = reader.TokenType == JsonTokenType.True ? "true" : "false";
                        Ensure(field, word.Length);
                        word.CopyTo(values[field]);
                        lengths[field] = word.Length;
                        break;
                    case JsonTokenType.Null:
                        lengths[field] = 0;
                        break;
                    default:
                        return new(Line, $"'{names[field]}' is {(reader.TokenType == JsonTokenType.StartArray ? "an array" : "an object")}, not a value.");
                }
                present[field] = true;
            }
            // Reads past the closing brace: anything after the object on the same line is an error the reader raises.
            if (reader.Read()) return new(Line, "holds more than one JSON value; JSON Lines holds one object per line.");
        }
        catch (JsonException e)
        {
            return new(Line, $"is not valid JSON: {e.Message}");
        }
        for (var i = 0; i < present.Length; i++)
            if (!present[i]) return new(Line, $"has no key '{names[i]}'.");
        return null;
    }

    private void Ensure(int field, int length)
    {
        if (values[field].Length < length) values[field] = new char[Math.Max(length, values[field].Length * 2)];
    }

    /// <summary>The next line (without its newline) from the buffer, reading more of the file as needed.</summary>
    private bool NextLine(out ReadOnlySpan<byte> line, out PredictionsError? error)
    {
        error = null;
        var scanned = start;
        while (true)
        {
            var newline = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = buffer.AsSpan(start, scanned + newline - start);
                start = scanned + newline + 1;
                return true;
            }
            if (eof)
            {
                line = buffer.AsSpan(start, end - start);
                var any = end > start;
                start = end;
                return any;
            }
            scanned = end;
            if (end - start >= MaxLineBytes)
            {
                line = default;
                error = new(lineNumber + 1, $"is longer than {MaxLineBytes:N0} bytes; is this a JSON Lines file?");
                return false;
            }
            if (start > 0)
            {
                // Keep the partial line at the front of the buffer.
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                scanned -= start;
                end -= start;
                start = 0;
            }
            if (end == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                Buffer.BlockCopy(buffer, 0, larger, 0, end);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            var read = file.Read(buffer, end, buffer.Length - end);
            if (read == 0) eof = true;
            end += read;
        }
    }

    public override void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }
}
