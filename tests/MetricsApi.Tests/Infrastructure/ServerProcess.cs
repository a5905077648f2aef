using System.Diagnostics;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>Starts the real server binary as a deployment would and waits for it to exit.</summary>
public static class ServerProcess
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
}
