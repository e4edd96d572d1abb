using System.Text.Json;

namespace GovernancePortal.Core.Features.Evaluations.Computed.RedTeam;

/// <summary>
/// Streams the objects of a top-level JSON array (as PyRIT's exporter writes it) one at a time, each with the 1-based
/// line it starts on, so a large export is never held whole and an error can name its line.
/// </summary>
internal static class JsonArrayReader
{
    public static PredictionsError? ForEach(Stream json, Func<JsonElement, long, PredictionsError?> visit, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        int length = 0, start = 0;
        long lineAtBufferStart = 1;
        var final = false;
        var state = new JsonReaderState();
        bool opened = false, closed = false, first = true;
        while (!closed)
        {
            ct.ThrowIfCancellationRequested();
            if (!final)
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = json.Read(buffer, length, buffer.Length - length);
                if (read == 0) final = true;
                length += read;
                // A UTF-8 byte order mark is not JSON; Utf8JsonReader refuses it.
                if (first && length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) start = 3;
                if (first && (length >= 3 || final)) first = false;
                if (first) continue;
            }
            var reader = new Utf8JsonReader(buffer.AsSpan(start, length - start), final, state);
            long LineAt(long index) => lineAtBufferStart + System.MemoryExtensions.Count(buffer.AsSpan(start, (int)index), (byte)'\n');
            try
            {
                while (true)
                {
                    var before = reader;
                    if (!reader.Read()) { reader = before; break; }
                    if (reader.CurrentDepth == 0 && !opened)
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                            return new(LineAt(reader.TokenStartIndex), "the file is not a JSON array of objects (PyRIT's export is one).");
                        opened = true;
                        continue;
                    }
                    if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0) { closed = true; break; }
                    var line = LineAt(reader.TokenStartIndex);
                    if (reader.TokenType != JsonTokenType.StartObject) return new(line, "an element of the array is not a JSON object.");
                    if (!JsonDocument.TryParseValue(ref reader, out var element)) { reader = before; break; }
                    using (element)
                        if (visit(element.RootElement, line) is { } error) return error;
                }
            }
            catch (JsonException e)
            {
                // The reader state carries the line count across buffers.
                return new(e.LineNumber is { } at ? at + 1 : LineAt(reader.BytesConsumed), $"is not valid JSON ({e.Message.Split(" LineNumber:")[0]})");
            }
            if (closed) break;
            var consumed = (int)reader.BytesConsumed;
            if (final && consumed == 0 && length - start == 0) break;
            lineAtBufferStart = LineAt(consumed);
            state = reader.CurrentState;
            Buffer.BlockCopy(buffer, start + consumed, buffer, 0, length - start - consumed);
            length -= start + consumed;
            start = 0;
            if (final) break;
        }
        return closed ? null : new(lineAtBufferStart, "the file ends before its JSON array is closed.");
    }
}
