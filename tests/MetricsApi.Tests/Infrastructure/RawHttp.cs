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
