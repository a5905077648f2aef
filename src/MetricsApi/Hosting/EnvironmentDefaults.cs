namespace MetricsApi.Hosting;

/// <summary>
/// Makes <c>dotnet run --project src/MetricsApi</c> start in Development on a fresh clone without a
/// launch profile (whose "Using launch settings" line would pollute <c>dev-token</c>'s stdout).
/// Only Debug builds default to Development, and only when no environment is named anywhere;
/// published (Release) builds keep ASP.NET Core's default of Production.
/// </summary>
public static class EnvironmentDefaults
{
    public static WebApplicationOptions Options(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new WebApplicationOptions { Args = args, EnvironmentName = DefaultEnvironment(args) };
    }

    private static string? DefaultEnvironment(string[] args)
    {
#if DEBUG
        var named = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            || args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase));
        return named ? null : Environments.Development;
#else
        _ = args;
        return null;
#endif
    }
}
