using System.Diagnostics;

namespace MetricsApi.Tests.Hosting;

/// <summary>Starts the real server binary as a deployment would, with broken configuration.</summary>
public sealed class StartupValidationTests
{
    private static async Task<(int ExitCode, string StdErr)> RunServerAsync(params (string Key, string Value)[] environment)
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
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("The server kept running with broken configuration instead of exiting.");
        }

        return (process.ExitCode, await stderr);
    }

    [Fact]
    public async Task ServerOutsideDevelopmentRefusesToStartWithoutConfigurationAndNamesEveryKey()
    {
        var (exitCode, stderr) = await RunServerAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Database:Provider is missing", stderr, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Metrics is missing", stderr, StringComparison.Ordinal);
        Assert.Contains("AzureAd:TenantId is missing", stderr, StringComparison.Ordinal);
        Assert.Contains("AzureAd:ClientId is missing", stderr, StringComparison.Ordinal);
        Assert.Contains("Pseudonymisation:Key is missing", stderr, StringComparison.Ordinal);
        Assert.Contains("Audit:CheckpointSigningKey is missing", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerRefusesAnUnknownProviderAndANonHttpsInstance()
    {
        var (exitCode, stderr) = await RunServerAsync(
            ("Database__Provider", "Oracle"),
            ("ConnectionStrings__Metrics", "Data Source=x.db"),
            ("AzureAd__Instance", "http://login.example"),
            ("AzureAd__TenantId", "t"),
            ("AzureAd__ClientId", "c"),
            ("Pseudonymisation__Key", "c2hvcnQ="),
            ("Audit__CheckpointSigningKey", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Database:Provider 'Oracle' is invalid", stderr, StringComparison.Ordinal);
        Assert.Contains("AzureAd:Instance 'http://login.example' is invalid", stderr, StringComparison.Ordinal);
        Assert.Contains("Pseudonymisation:Key is too short", stderr, StringComparison.Ordinal);
        Assert.Contains("Audit:CheckpointSigningKey is invalid", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ConnectionStrings:Metrics", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerRefusesAWildcardOrMalformedCorsOrigin()
    {
        var (exitCode, stderr) = await RunServerAsync(("Cors__AllowedOrigins", "*, https://dash.example.com/app"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Cors:AllowedOrigins '*' is invalid: wildcards are not allowed", stderr, StringComparison.Ordinal);
        Assert.Contains("Cors:AllowedOrigins 'https://dash.example.com/app' is invalid", stderr, StringComparison.Ordinal);
    }
}
