using System.Net;
using System.Net.Sockets;
using MetricsApi.Tests.Infrastructure;
using Npgsql;

namespace MetricsApi.Tests.Hosting;

/// <summary>
/// The real binary, correctly configured, meets a broken environment at start-up: it prints one
/// line naming the problem and exits with code 1, instead of an unhandled exception, a stack trace
/// and exit code 134.
/// </summary>
public sealed class StartupFailureTests
{
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string AssertOneLineAndExitCodeOne((int ExitCode, string StdOut, string StdErr) run)
    {
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(run.ExitCode == 1 && lines.Length == 1, $"exit {run.ExitCode}, stderr:\n{run.StdErr}\nstdout:\n{run.StdOut}");
        Assert.StartsWith("MetricsApi did not start: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StdOut + run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.StdOut + run.StdErr, StringComparison.Ordinal);
        return lines[0];
    }

    [Fact]
    public async Task UnreachablePostgreSqlIsOneLineNamingTheServerAndExitCodeOne()
    {
        var port = ClosedPort();

        var line = AssertOneLineAndExitCodeOne(await ServerProcess.RunUntilExitAsync("Production",
            ServerProcess.ValidProductionSettings("PostgreSql", $"Host=127.0.0.1;Port={port};Username=metrics;Password=x;Database=metrics;Timeout=3")));

        Assert.Contains($"cannot reach PostgreSQL at 127.0.0.1:{port}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSqlRefusingTheLoginIsOneLineNamingTheUser()
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString) { Username = "no_such_role", Database = "postgres" };

        var line = AssertOneLineAndExitCodeOne(await ServerProcess.RunUntilExitAsync("Production",
            ServerProcess.ValidProductionSettings("PostgreSql", connection.ConnectionString)));

        Assert.Contains("refused the login of user 'no_such_role'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnwritableSqlitePathIsOneLineNamingTheFile()
    {
        var line = AssertOneLineAndExitCodeOne(await ServerProcess.RunUntilExitAsync("Production",
            ServerProcess.ValidProductionSettings("Sqlite", "Data Source=/proc/metricsapi-nowhere/metrics.db")));

        Assert.Contains("cannot open the SQLite database '/proc/metricsapi-nowhere/metrics.db'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnwritableDataDirectoryInDevelopmentIsOneLineNamingTheFolder()
    {
        var line = AssertOneLineAndExitCodeOne(await ServerProcess.RunUntilExitAsync("Development", [], "--Storage:DataDirectory=/proc/metricsapi-nowhere"));

        Assert.Contains("'/proc/metricsapi-nowhere'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUseIsOneLineOnStandardErrorAndExitCodeOne()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = Directory.CreateTempSubdirectory("metricsapi-port-").FullName;

        var run = await ServerProcess.RunUntilExitAsync("Development", [], $"--urls=http://127.0.0.1:{port}", $"--Storage:DataDirectory={data}", "--Demo:Seed=false");

        // ASP.NET Core's own hosting log (stdout) still records the exception for operators.
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(run.ExitCode == 1 && lines.Length == 1, $"exit {run.ExitCode}, stderr:\n{run.StdErr}");
        Assert.Contains("address already in use", lines[0], StringComparison.Ordinal);
    }
}
