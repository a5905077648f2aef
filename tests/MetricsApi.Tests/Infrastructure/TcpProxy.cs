using System.Net;
using System.Net.Sockets;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder between the application and the real PostgreSQL server, so a test can take the
/// database away (every open connection is cut and new ones are refused) and bring it back, as a
/// network partition or a database restart would, without touching the shared server.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    public TcpProxy(string host, int port, int listenPort = 0)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        Port = listenPort;
    }

    public int Port { get; private set; }

    /// <summary>A proxy to the server at host:port, already forwarding.</summary>
    public static TcpProxy StartTo(string host, int port)
    {
        var proxy = new TcpProxy(host, port);
        proxy.Start();
        return proxy;
    }

    /// <summary>Starts forwarding on <see cref="Port"/> (a free port the first time, the same one after <see cref="StopAsync"/>).</summary>
    public void Start()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(_listener, _stop.Token);
    }

    /// <summary>The database is gone: the listener closes and every forwarded connection is reset.</summary>
    public Task StopAsync()
    {
        _stop.Cancel();
        _listener?.Stop();
        lock (_lock)
        {
            foreach (var connection in _connections)
            {
                // A reset, not a polite close: the database is simply gone.
                if (connection.Client is { Connected: true } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                connection.Dispose();
            }

            _connections.Clear();
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_lock)
            {
                _connections.Add(client);
                _connections.Add(server);
            }

            _ = PumpAsync(client, server, cancellationToken);
            _ = PumpAsync(server, client, cancellationToken);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The other side went away, or the proxy was stopped.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
