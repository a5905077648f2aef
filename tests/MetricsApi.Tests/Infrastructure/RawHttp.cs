using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 spoken by hand over a socket to the application on Kestrel: for bodies sent piece by
/// piece (HttpClient holds back a streamed request body) and for framing HttpClient would never send.
/// Every request asks for <c>Connection: close</c>, so a response ends when the server closes.
/// </summary>
public sealed class RawHttp : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawHttp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttp> ConnectAsync(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(server.Host, server.Port);
        return new RawHttp(tcp);
    }

    /// <summary>The request line and headers of a chunked upload (the body follows in <see cref="WriteChunkAsync"/>).</summary>
    public static string ChunkedHead(string method, string path, string host, string contentType, string? token) =>
        $"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: {contentType}\r\n"
        + (token is null ? "" : $"Authorization: Bearer {token}\r\n") + "Transfer-Encoding: chunked\r\n\r\n";

    public async Task WriteAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public Task WriteAsync(string ascii) => WriteAsync(Encoding.ASCII.GetBytes(ascii));

    public async Task WriteChunkAsync(byte[] data)
    {
        await WriteAsync(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        await WriteAsync(data);
        await WriteAsync("\r\n");
    }

    public Task EndChunksAsync() => WriteAsync("0\r\n\r\n");

    /// <summary>Closes our sending side: the server reads the end of the stream where a body was promised.</summary>
    public void EndSending() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>
    /// Reads one response: until it is complete (by its Content-Length or chunked end; at the headers
    /// when <paramref name="headRequest"/>) or the server closes the connection. A timeout is a hang.
    /// </summary>
    public async Task<RawResponse> ReadResponseAsync(TimeSpan timeout, bool headRequest = false)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while (!RawResponse.IsComplete(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), headRequest)
                && (read = await _stream.ReadAsync(chunk, cancel.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No complete response within {timeout.TotalSeconds} s; received so far: {Encoding.UTF8.GetString(buffer.ToArray())}");
        }
        catch (IOException)
        {
            // The server reset the connection, after answering (it stopped reading our body) or instead.
        }

        return RawResponse.Parse(buffer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}

/// <summary>Status, headers (lower-case names) and body (de-chunked) of a response read by <see cref="RawHttp"/>; status 0 when the server sent nothing.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>True when the bytes hold a whole response: headers and the body its framing announces.</summary>
    public static bool IsComplete(ReadOnlySpan<byte> bytes, bool headRequest)
    {
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var head = Encoding.Latin1.GetString(bytes[..end]);
        var body = bytes[(end + 4)..];
        var status = head.Length > 12 && int.TryParse(head.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
        if (headRequest || status is (>= 100 and < 200) or 204 or 304)
        {
            return true;
        }

        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2 && parts[0].Trim().Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                return int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && body.Length >= length;
            }

            if (parts.Length == 2 && parts[0].Trim().Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase) && parts[1].Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return body.EndsWith("0\r\n\r\n"u8);
            }
        }

        return false; // no framing: the body ends when the server closes
    }

    public static RawResponse Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = Encoding.Latin1.GetString(bytes);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (bytes.Length == 0 || split < 0)
        {
            return new RawResponse(0, new Dictionary<string, string>(), text);
        }

        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => string.Join(",", g.Select(p => p[1].Trim())));
        var body = bytes.AsSpan(Encoding.Latin1.GetByteCount(text[..split]) + 4).ToArray();
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var result = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(body, at, lineEnd).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            result.Write(body, at, Math.Min(size, body.Length - at));
            at += size + 2;
        }

        return result.ToArray();
    }
}
