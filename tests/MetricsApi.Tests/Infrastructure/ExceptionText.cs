using System.Text.RegularExpressions;

namespace MetricsApi.Tests.Infrastructure;

/// <summary>
/// Recognises exception text in a response body: .NET exception type names, stack frames, source
/// paths and database error texts. Precise enough for the fuzz suite, whose bodies echo generated
/// input (parse errors quote the document), to count real leaks only.
/// </summary>
public static partial class ExceptionText
{
    private static readonly string[] Markers =
    [
        "   at ", "--- End of", ".cs:line ", "Stack trace", "StackTrace", "SQLite Error", "SqliteException", "Npgsql", "PostgresException",
        "SqlState", "no such table", "violates", "Unhandled exception",
    ];

    /// <summary>The first marker found in the body, or null when it holds none.</summary>
    public static string? Find(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Markers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal)) ?? TypeName().Match(body) switch
        {
            { Success: true } match => match.Value,
            _ => null,
        };
    }

    public static void AssertAbsent(string body)
    {
        var leak = Find(body);
        Assert.True(leak is null, $"The body leaks '{leak}': {body}");
    }

    /// <summary>A .NET exception type, qualified or not (InvalidOperationException, System.IO.IOException).</summary>
    [GeneratedRegex(@"\b(System|Microsoft|MetricsApi|GraphQL|Npgsql)\.[A-Za-z.]+|\b[A-Z][A-Za-z]*Exception\b")]
    private static partial Regex TypeName();
}
