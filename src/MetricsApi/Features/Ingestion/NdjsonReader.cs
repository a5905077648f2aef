using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MetricsApi.Data;

namespace MetricsApi.Features.Ingestion;

/// <summary>The body is not NDJSON at all (nothing was read as an event).</summary>
public sealed class NotNdjsonException(string message) : Exception(message);

/// <summary>A line exceeds the configured maximum; reading stops there.</summary>
public sealed class LineTooLongException(int line, int maxBytes)
    : Exception($"Line {line} is longer than {maxBytes} bytes.")
{
    public int Line { get; } = line;
}

/// <summary>
/// Streams NDJSON from a <see cref="PipeReader"/> one line at a time, holding at most one line
/// (bounded by the maximum line length) plus the pipe's buffer in memory. Blank lines are skipped;
/// a line that is not valid JSON becomes an <c>INVALID_JSON</c> item, unless it is the first
/// non-blank line, which means the body is not NDJSON at all. A line that is not valid UTF-8, or
/// holds a lone surrogate or a NUL, becomes an <c>INVALID_ENCODING</c> item (the first line too, when
/// it is still a JSON object), so one bad line never costs the others.
/// </summary>
public static class NdjsonReader
{
    public static async IAsyncEnumerable<IngestItem> ReadAsync(PipeReader reader, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        var sawEvent = false;
        var items = new List<IngestItem>();
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            items.Clear();
            while (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                buffer = buffer.Slice(buffer.GetPosition(1, newline));
                lineNumber++;
                if (line.Length > maxLineBytes)
                {
                    throw new LineTooLongException(lineNumber, maxLineBytes);
                }

                if (Parse(line, lineNumber, ref sawEvent) is { } item)
                {
                    items.Add(item);
                }
            }

            if (buffer.Length > maxLineBytes)
            {
                throw new LineTooLongException(lineNumber + 1, maxLineBytes);
            }

            if (read.IsCompleted && buffer.Length > 0)
            {
                lineNumber++;
                if (Parse(buffer, lineNumber, ref sawEvent) is { } last)
                {
                    items.Add(last);
                }

                buffer = buffer.Slice(buffer.End);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var item in items)
            {
                yield return item;
            }

            if (read.IsCompleted)
            {
                break;
            }
        }

        if (!sawEvent)
        {
            throw new NotNdjsonException("The body holds no events: send one JSON object per line.");
        }
    }

    private static IngestItem? Parse(ReadOnlySequence<byte> line, int lineNumber, ref bool sawEvent)
    {
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        // Windows tools often start UTF-8 files with a byte-order mark.
        if (lineNumber == 1 && line.Length >= 3 && line.Slice(0, 3).ToArray() is [0xEF, 0xBB, 0xBF])
        {
            line = line.Slice(3);
        }

        if (IsBlank(line))
        {
            return null;
        }

        // Checked on the raw bytes: System.Text.Json accepts bytes that are not UTF-8 inside strings
        // and would only fail later, when the string is read, taking the whole request with it.
        var wellFormed = IsValidUtf8(line);
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!sawEvent && root.ValueKind != JsonValueKind.Object)
            {
                throw new NotNdjsonException($"Line {lineNumber} is JSON but not an object: NDJSON has one event object per line (a JSON array is not NDJSON).");
            }

            sawEvent = true;
            if (!wellFormed || !StorableText.IsValid(root))
            {
                return InvalidEncoding(lineNumber, EventIdOf(root));
            }

            return new IngestItem(lineNumber, root.Clone(), null);
        }
        catch (JsonException)
        {
            if (!sawEvent)
            {
                throw new NotNdjsonException($"Line {lineNumber} is not JSON: the body is not NDJSON.");
            }

            return wellFormed
                ? new IngestItem(lineNumber, default, new IngestError(lineNumber, null, null, IngestErrorCodes.InvalidJson, "The line is not valid JSON."))
                : InvalidEncoding(lineNumber, null);
        }
    }

    private static IngestItem InvalidEncoding(int lineNumber, string? eventId) =>
        new(lineNumber, default, new IngestError(lineNumber, eventId, null, IngestErrorCodes.InvalidEncoding,
            "The line is not valid UTF-8 text, or holds a lone surrogate or a NUL (U+0000) character; the other lines were processed."));

    /// <summary>The event id of a line refused for its encoding, when that id itself is readable, so the producer can find it.</summary>
    private static string? EventIdOf(JsonElement root)
    {
        try
        {
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString() is { } text && StorableText.IsValid(text) && text.Length <= EventFields.MaxTextLength
                ? text
                : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsValidUtf8(ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return StorableText.IsValidUtf8(line.FirstSpan);
        }

        // A line spanning pipe segments (rare: long lines) is copied once to check it whole; a
        // multi-byte character may straddle two segments.
        return StorableText.IsValidUtf8(line.ToArray());
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
