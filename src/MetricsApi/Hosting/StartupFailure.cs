namespace MetricsApi.Hosting;

/// <summary>
/// Turns whatever stopped the server from starting into one line for stderr, so an operator sees
/// the problem (an unreachable database, an unwritable folder, a port in use) instead of an
/// unhandled exception and a stack trace, and the process exits with code 1.
/// </summary>
public static class StartupFailure
{
    public const int ExitCode = 1;

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problem = exception switch
        {
            StartupException startup => startup.Message,
            UnauthorizedAccessException or IOException when exception.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
                $"cannot listen: {FirstLine(exception.Message)}",
            UnauthorizedAccessException or IOException => $"a file or folder could not be written or read: {FirstLine(exception.Message)}",
            _ => $"{exception.GetType().Name}: {FirstLine(exception.Message)}",
        };
        return $"MetricsApi did not start: {problem}";
    }

    public static string FirstLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return line.Trim();
    }
}
