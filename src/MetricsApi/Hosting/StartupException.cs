namespace MetricsApi.Hosting;

/// <summary>
/// The server cannot start, for a reason an operator can fix; <see cref="Exception.Message"/> is
/// the one line printed before exiting with code 1 (names the problem, no stack trace).
/// </summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
