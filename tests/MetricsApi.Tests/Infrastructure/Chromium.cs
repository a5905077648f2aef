using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c> package, which <c>./test.sh</c> installs when missing),
/// driven through the Chrome DevTools Protocol over its WebSocket: open a page, run script in it, read
/// the result. Only what the browser tests need; no driver package, no downloaded browser.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<Chromium> StartAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install Debian's chromium package (./test.sh does: apt-get install chromium).");
        var profile = Directory.CreateTempSubdirectory("metricsapi-chromium-").FullName;
        var info = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        // The flags that work on these machines (closed network, running as root): docs of the dotnet machine kind.
        foreach (var flag in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
                 })
        {
            info.ArgumentList.Add(flag);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new Chromium(process, profile);
        try
        {
            // Chromium writes its DevTools port and browser target path here once it listens.
            var portFile = Path.Combine(profile, "DevToolsActivePort");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string[] lines = [];
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                if (File.Exists(portFile) && (lines = await File.ReadAllLinesAsync(portFile)).Length >= 2)
                {
                    break;
                }

                await Task.Delay(100);
            }

            Assert.True(lines.Length >= 2, "Chromium did not start (no DevToolsActivePort).");
            await browser._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}"), CancellationToken.None);
            browser._receiving = browser.ReceiveAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a tab on <paramref name="url"/> (after installing <paramref name="beforeLoad"/>, run before any of the page's scripts) and returns its session.</summary>
    public async Task<string> OpenAsync(string url, string? beforeLoad = null)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var session = (await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }))["sessionId"]!.GetValue<string>();
        await SendAsync("Page.enable", [], session);
        if (beforeLoad is not null)
        {
            await SendAsync("Page.addScriptToEvaluateOnNewDocument", new JsonObject { ["source"] = beforeLoad }, session);
        }

        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session);
        await WaitForAsync(session, "document.readyState === 'complete'", TimeSpan.FromSeconds(30));
        return session;
    }

    /// <summary>Evaluates an expression in the page (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string session, string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true }, session);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException("Script failed in the page: " + exception.ToJsonString());
        }

        return result["result"]?["value"];
    }

    /// <summary>Polls until the expression is true in the page.</summary>
    public async Task WaitForAsync(string session, string condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if ((await EvaluateAsync(session, $"Boolean({condition})"))?.GetValue<bool>() == true)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{condition}' did not become true within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }
    }

    public async Task<JsonNode> SendAsync(string method, JsonObject parameters, string? session = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }

        var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return answer["result"] ?? new JsonObject();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var chunk = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (chunk.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, chunk.Count);
                if (!chunk.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray());
                message.SetLength(0);
                if (node?["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var reply))
                {
                    reply.TrySetResult(node);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or JsonException)
        {
            // The browser went away or the test is over.
        }

        foreach (var reply in _pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("Chromium closed the DevTools connection."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (OperationCanceledException)
        {
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _stop.Dispose();
        _send.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; the temp folder is cleaned later.
        }
    }
}
