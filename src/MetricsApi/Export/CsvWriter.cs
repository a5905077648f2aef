using System.Buffers;
using System.Globalization;
using System.Text;

namespace MetricsApi.Export;

/// <summary>
/// Writes RFC 4180 CSV to a stream as it goes: UTF-8 without a byte order mark, CRLF line ends, a field
/// quoted (quotes doubled) when it holds a comma, a quote, CR or LF. Numbers use the invariant culture
/// and round-trip. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
/// gets a leading apostrophe, as OWASP advises against CSV injection: an org unit name comes from an HR
/// feed, not from us. Flushed every <see cref="FlushEvery"/> rows, so a large file streams.
/// </summary>
public sealed class CsvWriter(Stream output) : IAsyncDisposable
{
    private const int FlushEvery = 500;
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly StreamWriter _writer = new(output, Utf8, bufferSize: 16 * 1024, leaveOpen: true);

    // A row is built here and written asynchronously: the server allows no synchronous writes.
    private readonly StringBuilder _row = new();
    private bool _rowStarted;
    private int _rows;

    /// <summary>Rows written, the header included.</summary>
    public int Rows => _rows;

    /// <summary>A text field (empty for null), guarded against formula injection.</summary>
    public CsvWriter Text(string? value)
    {
        if (value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return Field(value);
    }

    /// <summary>A number as written by the API (round-trip, invariant culture); empty for null.</summary>
    public CsvWriter Number(double? value) => Field(value?.ToString("R", CultureInfo.InvariantCulture));

    public CsvWriter Number(long? value) => Field(value?.ToString(CultureInfo.InvariantCulture));

    public CsvWriter Bool(bool? value) => Field(value switch { true => "true", false => "false", null => null });

    public CsvWriter Date(DateOnly? value) => Field(value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Ends the row.</summary>
    public async Task EndRowAsync(CancellationToken cancellationToken)
    {
        _row.Append("\r\n");
        await _writer.WriteAsync(_row, cancellationToken).ConfigureAwait(false);
        _row.Clear();
        _rowStarted = false;
        if (++_rows % FlushEvery == 0)
        {
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A whole row of text fields (the header).</summary>
    public Task RowAsync(IEnumerable<string> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            Field(field);
        }

        return EndRowAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private CsvWriter Field(string? value)
    {
        if (_rowStarted)
        {
            _row.Append(',');
        }

        _rowStarted = true;
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            _row.Append(value);
            return this;
        }

        _row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return this;
    }
}
