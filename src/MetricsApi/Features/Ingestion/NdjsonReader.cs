using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;

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
/// non-blank line, which means the body is not NDJSON at all.
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

        try
        {
            using var document = JsonDocument.Parse(line);
            if (!sawEvent && document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new NotNdjsonException($"Line {lineNumber} is JSON but not an object: NDJSON has one event object per line (a JSON array is not NDJSON).");
            }

            sawEvent = true;
            return new IngestItem(lineNumber, document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            if (!sawEvent)
            {
                throw new NotNdjsonException($"Line {lineNumber} is not JSON: the body is not NDJSON.");
            }

            return new IngestItem(lineNumber, default, new IngestError(lineNumber, null, null, IngestErrorCodes.InvalidJson, "The line is not valid JSON."));
        }
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
