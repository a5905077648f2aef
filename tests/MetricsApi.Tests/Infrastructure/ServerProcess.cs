using System.Diagnostics;
using System.Text;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// The real server binary as a deployment runs it (environment "Testing", configuration through
/// environment variables), for what only a real process shows: a kill mid-work, several instances
/// sharing one database. Output is captured for assertions.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
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
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Database__Provider"] = database == DatabaseKind.Sqlite ? "Sqlite" : "PostgreSql",
            ["ConnectionStrings__Metrics"] = connectionString,
            ["AzureAd__Instance"] = TestTokens.Instance,
            ["AzureAd__TenantId"] = TestTokens.TenantId,
            ["AzureAd__ClientId"] = TestTokens.ClientId,
            ["Pseudonymisation__Key"] = MetricsApiFactory.TestPseudonymisationKey,
            ["Releases__ClockSkewSeconds"] = "0",
            // The seed just loaded a history: wait a little for it to settle, as production waits longer.
            ["Releases__SettleSeconds"] = "3",
        };
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
