using System.Diagnostics;
using System.Text;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// The real server binary as a deployment runs it (configuration through environment variables), for
/// what only a real process shows: start-up failures, a kill mid-work, several instances sharing one
/// database. The static helpers run it to its end or until ready; an instance (<see cref="Start"/>)
/// keeps running, with its output captured for assertions, until killed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>Configuration a deployment outside Development must give (see StartupValidator).</summary>
    public static IReadOnlyList<(string Key, string Value)> ValidProductionSettings(string provider, string connectionString) =>
    [
        ("Database__Provider", provider),
        ("ConnectionStrings__Metrics", connectionString),
        ("AzureAd__Instance", TestTokens.Instance),
        ("AzureAd__TenantId", TestTokens.TenantId),
        ("AzureAd__ClientId", TestTokens.ClientId),
        ("Pseudonymisation__Key", MetricsApiFactory.TestPseudonymisationKey),
        ("Audit__CheckpointSigningKey", MetricsApiFactory.TestCheckpointSigningKey),
    ];

    /// <summary>Starts the server on a free port and waits until <c>/health/ready</c> answers; the caller kills it.</summary>
    public static async Task<(Process Process, Uri Address)> StartAsync(string environmentName, IEnumerable<(string Key, string Value)> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var address = new Uri($"http://127.0.0.1:{port}");
        var process = Process.Start(Info(environmentName, environment, [.. arguments, $"--urls={address.ToString().TrimEnd('/')}"]))!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 240; i++)
        {
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return (process, address);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(250);
        }

        process.Kill(entireProcessTree: true);
        throw new Xunit.Sdk.XunitException("The server did not become ready.");
    }

    /// <summary>Runs the server until it exits; fails the test if it is still running after the timeout.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunUntilExitAsync(
        string environmentName, IEnumerable<(string Key, string Value)> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        using var process = Process.Start(Info(environmentName, environment, arguments))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("The server kept running instead of exiting.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static ProcessStartInfo Info(string environmentName, IEnumerable<(string Key, string Value)> environment, string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MetricsApi.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(AppContext.BaseDirectory);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = environmentName;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The environment a deployment outside Development needs, for the given database.</summary>
    public static Dictionary<string, string> Environment(DatabaseKind database, string connectionString, params (string Key, string Value)[] extra)
    {
        var environment = ValidProductionSettings(database == DatabaseKind.Sqlite ? "Sqlite" : "PostgreSql", connectionString).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        foreach (var (key, value) in new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Releases__ClockSkewSeconds"] = "0",
            // The seed just loaded a history: wait a little for it to settle, as production waits longer.
            ["Releases__SettleSeconds"] = "3",
        })
        {
            environment[key] = value;
        }

        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Starts the server (or, with <paramref name="arguments"/>, one of its commands).</summary>
    public static ServerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MetricsApi.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(AppContext.BaseDirectory);
        if (arguments.Length == 0)
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add("http://127.0.0.1:0");
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new ServerProcess(Process.Start(info)!);
    }

    /// <summary>Runs a command (e.g. <c>seed</c>) to its end and asserts it succeeded.</summary>
    public static async Task RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        await using var command = Start(environment, arguments);
        using var cancel = new CancellationTokenSource(timeout);
        await command._process.WaitForExitAsync(cancel.Token);
        Assert.True(command._process.ExitCode == 0, $"{string.Join(' ', arguments)} exited {command._process.ExitCode}:\n{command.Output}");
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
