namespace MetricsApi.Tests.Infrastructure;

/// <summary>Recognises exception text in a response body: type names, stack frames, database error texts.</summary>
public static class ExceptionText
{
    private static readonly string[] Markers =
    [
        "Exception", "   at ", "Stack trace", "SQLite Error", "Npgsql", "SqlState", "no such table", "violates", "System.", "MetricsApi.", "Microsoft.", "<html",
    ];

    /// <summary>The first marker found in the body, or null when it holds none.</summary>
    public static string? Find(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Markers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal));
    }

    public static void AssertAbsent(string body)
    {
        var leak = Find(body);
        Assert.True(leak is null, $"The body leaks '{leak}': {body}");
    }
}
